import { existsSync } from 'node:fs';
import { EVENT_LIMITS } from '../../core/ingestion/change-event.rules';
import { parseCommandArgs, UsageError } from '../cli-command';
import { userPath } from '../cli-context';
import type { LoadOptions } from './bulk-loader';
import { formatOf } from './row-source';

/** The options of `load` and `backfill` (they read the same inputs): file, domain, type, id column, renames. */
export function parseLoadOptions(args: string[]): LoadOptions {
  const { values, positionals } = parseCommandArgs(args, {
    domain: { type: 'string' },
    type: { type: 'string' },
    'id-column': { type: 'string' },
    map: { type: 'string', multiple: true },
    batch: { type: 'string', default: '500' },
    delimiter: { type: 'string', default: ',' },
  });
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
