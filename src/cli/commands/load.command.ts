import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EVENT_LIMITS } from '../../ingestion/change-event.rules';
import { ChangeEventValidator } from '../../ingestion/change-event.validator';
import { IngestionService } from '../../ingestion/ingestion.service';
import { CliCommand, UsageError } from '../cli-command';
import { userPath, withAppContext } from '../cli-context';
import { BulkLoader, describeReport, LoadOptions } from '../load/bulk-loader';
import { formatOf } from '../load/row-source';

const USAGE = `Usage: npm run joinery -- load <file.csv|file.ndjson> --domain D --type T --id-column C [options]

Loads every row as an upsert of source record (D, T, row[C]) through the ingestion service, in
batches of one transaction each. Loading the same file again changes nothing (eventIds are derived
from the row content); a changed row is applied as a new version.

Options:
  --domain D          source domain of every row (required)
  --type T            entity type; must have a matcher in MATCHERS_DIR (required)
  --id-column C       column holding the source id (required)
  --map col=attr      store column col as attribute attr (repeatable); other columns keep their names
  --batch N           rows per transaction, 1-${EVENT_LIMITS.maxBatchEvents} (default 500)
  --delimiter X       CSV delimiter (default ,)

Database: DATABASE_URL, or the embedded PostgreSQL when unset. Exit code 1 when rows were rejected.`;

function parse(args: string[]): LoadOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        domain: { type: 'string' },
        type: { type: 'string' },
        'id-column': { type: 'string' },
        map: { type: 'string', multiple: true },
        batch: { type: 'string', default: '500' },
        delimiter: { type: 'string', default: ',' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('give exactly one file to load');
  const file = userPath(positionals[0]);
  const format = formatOf(file);
  if (!format) throw new UsageError(`${positionals[0]}: the file name must end in .csv, .ndjson or .jsonl`);
  if (!existsSync(file)) throw new UsageError(`${positionals[0]}: no such file (looked for ${file})`);
  const { domain, type, 'id-column': idColumn } = values;
  if (!domain || !type || !idColumn) throw new UsageError('--domain, --type and --id-column are required');
  const batchSize = Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > EVENT_LIMITS.maxBatchEvents) {
    throw new UsageError(`--batch must be an integer from 1 to ${EVENT_LIMITS.maxBatchEvents}`);
  }
  const renames = new Map<string, string>();
  for (const m of values.map ?? []) {
    const [col, attr, ...rest] = m.split('=');
    if (!col || !attr || rest.length > 0) throw new UsageError(`--map ${m}: expected column=attribute`);
    renames.set(col.trim(), attr.trim());
  }
  return {
    file,
    format,
    delimiter: values.delimiter ?? ',',
    batchSize,
    domain,
    entityType: type,
    idColumn,
    renames,
    occurredAt: new Date().toISOString(),
  };
}

export const command: CliCommand = {
  name: 'load',
  summary: 'bulk-load a CSV or NDJSON file of source records',
  usage: USAGE,
  async run(args) {
    const options = parse(args);
    const report = await withAppContext(async (app) => {
      const validator = app.get(ChangeEventValidator);
      if (!validator.isKnownEntityType(options.entityType)) {
        throw new UsageError(`--type ${options.entityType}: no matcher for this entity type in MATCHERS_DIR`);
      }
      return new BulkLoader(app.get(IngestionService), validator, process.stderr).load(options);
    });
    console.log(describeReport(options.file, report));
    return report.counts.rejected > 0 ? 1 : 0;
  },
};
