import {
  toRefreshDto,
  toStatusDto,
  type SnapshotDto,
} from '../../features/reevaluation/corpus-stats/corpus-stats.dto';
import { StatsRefreshService } from '../../features/reevaluation/corpus-stats/stats-refresh.service';
import { toJobDto } from '../../features/reevaluation/reevaluation.dto';
import { ReevaluationService } from '../../features/reevaluation/reevaluation.service';
import { CliCommand, parseCommandArgs, UsageError } from '../cli-command';
import { withAppContext } from '../cli-context';
import { describeDiff, describeJob, followJob } from '../reevaluation-output';

const USAGE = `Usage: npm run joinery -- stats refresh <entityType> [--json]
       npm run joinery -- stats show <entityType> [--json]
       npm run joinery -- stats diff <entityType> [--json]

refresh  Counts term and document frequencies over the stored records of the entity type into a
         new corpus-statistics snapshot, then rolls it out like a matcher change: a tracked,
         resumable re-evaluation job (batches of 500, steward constraints honoured, golden events
         written). Waits for the job and prints it; a running service adopts the snapshot within 5 s.
show     The active snapshot (the one scores use), the latest one, and whether a refresh is due.
diff     Dry run: counts a snapshot, re-evaluates every record with it in one transaction, prints
         what would change and rolls back.

A type whose matcher uses no TF-IDF metric and no term_frequency_adjustment has nothing to count
(409 ADMIN.STATS_UNUSED). See docs/resolution.md (corpus statistics) and docs/operations.md.

Database: DATABASE_URL, or the embedded PostgreSQL when unset.`;

const describeSnapshot = (s: SnapshotDto | null): string =>
  s
    ? `v${s.version} (${s.trigger}, job ${s.jobId}): ${s.records} records, ${s.terms} terms, ${s.bytes} bytes, counted in ${s.buildMs} ms at ${s.builtAt}`
    : 'none';

export const command: CliCommand = {
  name: 'stats',
  summary: 'refresh, show or dry-run the corpus statistics (TF, IDF) of an entity type',
  usage: USAGE,
  async run(args) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean', default: false } });
    const [action, entityType] = parsed.positionals;
    if (!['refresh', 'show', 'diff'].includes(action ?? '') || !entityType || parsed.positionals.length !== 2)
      throw new UsageError('expected: stats refresh|show|diff <entityType>');
    const json = parsed.values.json;
    return withAppContext(async (app) => {
      const stats = app.get(StatsRefreshService);
      if (action === 'show') {
        const status = toStatusDto(await stats.status(entityType));
        console.log(
          json
            ? JSON.stringify(status, null, 2)
            : [
                `${entityType}: ${status.records} records; statistics of ${status.vocabularies.join(', ') || '(none: the matcher uses none)'}`,
                `active: ${describeSnapshot(status.active)}`,
                `latest: ${describeSnapshot(status.latest)}${status.latestJob ? ` (roll-out ${status.latestJob.status})` : ''}`,
                `refresh due: ${status.due ?? 'no'}`,
              ].join('\n'),
        );
        return 0;
      }
      if (action === 'diff') {
        const report = await stats.diff(entityType);
        console.log(json ? JSON.stringify(report, null, 2) : describeDiff(report));
        return 0;
      }
      const started = await stats.refresh(entityType);
      const job = await followJob(app.get(ReevaluationService), started.job.id, started.completion);
      const result = toRefreshDto({ ...started, job });
      console.log(
        json
          ? JSON.stringify(result, null, 2)
          : `snapshot ${describeSnapshot(result.snapshot)}\n${describeJob(toJobDto(job))}`,
      );
      return job.status === 'done' ? 0 : 1;
    });
  },
};
