import { EVENT_LIMITS } from '../../core/ingestion/change-event.rules';
import { ChangeEventValidator } from '../../core/ingestion/change-event.validator';
import { IngestionService } from '../../core/ingestion/ingestion.service';
import { CliCommand, UsageError } from '../cli-command';
import { withAppContext } from '../cli-context';
import { BulkLoader, describeReport } from '../load/bulk-loader';
import { parseLoadOptions } from '../load/load-options';

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

export const command: CliCommand = {
  name: 'load',
  summary: 'bulk-load a CSV or NDJSON file of source records',
  usage: USAGE,
  async run(args) {
    const options = parseLoadOptions(args);
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
