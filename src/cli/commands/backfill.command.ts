import { ChangeEventValidator } from '../../core/ingestion/change-event.validator';
import type { ChangeEvent } from '../../core/ingestion/change-event.dto';
import { EVENT_LIMITS } from '../../core/ingestion/change-event.rules';
import {
  BackfillRefusedError,
  BackfillService,
  type BackfillReport,
} from '../../core/backfill/backfill.service';
import { CliCommand, UsageError } from '../cli-command';
import { withAppContext } from '../cli-context';
import { validatedRows } from '../load/bulk-loader';
import { parseLoadOptions } from '../load/load-options';
import { formatRate } from '../load/progress';

const USAGE = `Usage: npm run joinery -- backfill <file.csv|file.ndjson> --domain D --type T --id-column C [options]

Initial load of an entity type into an EMPTY store, in bulk: the same input and options as \`load\`,
the same result (source records, blocking keys, match edges, review items, golden entities,
memberships and golden events, as \`load\` with the same --batch would leave them), written with
COPY in one transaction. Refused when the store already holds records of the type. While it writes,
incremental resolution (Kafka, REST, stewards) waits; afterwards it continues on the result.

Options:
  --domain D          source domain of every row (required)
  --type T            entity type; must have a matcher in MATCHERS_DIR (required)
  --id-column C       column holding the source id (required)
  --map col=attr      store column col as attribute attr (repeatable); other columns keep their names
  --batch N           the arrival batch to reproduce, 1-${EVENT_LIMITS.maxBatchEvents} (default 500, as load)
  --delimiter X       CSV delimiter (default ,)

Database: DATABASE_URL, or the embedded PostgreSQL when unset. Exit code 1 when rows were rejected,
2 when the store is not empty.`;

export function describeBackfill(
  file: string,
  rows: number,
  rejected: number,
  total: number,
  r: BackfillReport,
): string {
  const c = r.counts;
  return [
    `backfilled ${rows.toLocaleString('en')} rows from ${file} in ${total.toFixed(1)} s (${formatRate(rows / Math.max(total, 0.001))} rows/s)`,
    `  applied ${c.applied}, unchanged ${c.unchanged}, duplicate ${c.duplicate}, stale ${c.stale}, rejected ${rejected + r.conflicts}`,
    `  ${r.liveRecords} records, ${r.edges} match edges, ${r.goldens} golden entities, ${r.events} golden events, ${r.reviewItems} review items`,
    `  read, validate, fold and copy the records ${r.seconds.fold.toFixed(1)} s, block and score ${r.seconds.plan.toFixed(1)} s, cluster and write the golden entities ${r.seconds.write.toFixed(1)} s`,
  ].join('\n');
}

export const command: CliCommand = {
  name: 'backfill',
  summary: 'initial bulk load of an empty store (same input as load)',
  usage: USAGE,
  async run(args) {
    const options = parseLoadOptions(args);
    return withAppContext(async (app) => {
      const validator = app.get(ChangeEventValidator);
      if (!validator.isKnownEntityType(options.entityType)) {
        throw new UsageError(`--type ${options.entityType}: no matcher for this entity type in MATCHERS_DIR`);
      }
      const started = Date.now();
      const rejections: string[] = [];
      let rows = 0;
      // Rows are validated as the backfill reads them: the file never sits in memory whole.
      async function* events(): AsyncGenerator<ChangeEvent> {
        for await (const item of validatedRows(options, validator)) {
          rows++;
          if ('error' in item) rejections.push(`line ${item.line}: ${item.error}`);
          else yield item.event;
        }
      }
      let conflicts = 0;
      try {
        const report = await app
          .get(BackfillService)
          .backfill(options.entityType, events(), { batchSize: options.batchSize });
        conflicts = report.conflicts;
        console.log(
          describeBackfill(options.file, rows, rejections.length, (Date.now() - started) / 1000, report),
        );
      } catch (e) {
        if (!(e instanceof BackfillRefusedError)) throw e;
        console.error(`joinery backfill: refused: ${e.message}`);
        return 2;
      }
      rejections.slice(0, 10).forEach((r) => console.log(`  rejected ${r}`));
      return rejections.length + conflicts > 0 ? 1 : 0;
    });
  },
};
