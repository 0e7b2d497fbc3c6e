import type { MatcherRegistry } from '../../../core/matching/matcher-registry';
import type { TransactionRunner } from '../../../platform/database/transaction-runner';
import { ActiveStats } from './active-stats';
import type { CorpusStatsRepository, SnapshotRow } from './corpus-stats.repository';
import { encodeCounts } from './counts-codec';

/**
 * The order of a sync and a job's install, with the store replaced by a stand-in whose reads can be
 * held open: a sync that read the active snapshots before a job's snapshot existed must not put
 * the older one back over the job's.
 */
describe('ActiveStats', () => {
  it("does not let a sync that read before a job's snapshot existed undo the job's install", async () => {
    const data = (await encodeCounts({ attributes: [], values: [], tokens: [] })).data;
    const v1 = { id: '1', entityType: 'org', version: 1, recordCount: 20, terms: 0 } as SnapshotRow;
    const v2 = { id: '2', entityType: 'org', version: 2, recordCount: 40, terms: 0 } as SnapshotRow;
    let releaseRead!: () => void;
    const readHeld = new Promise<void>((resolve) => (releaseRead = resolve));
    const snapshots = {
      // The sync's read: taken before v2 committed, answered only once the job's install was asked for.
      active: async () => {
        await readHeld;
        return new Map([['org', v1]]);
      },
      ofJob: () => Promise.resolve(v2),
      counts: () => Promise.resolve(data),
    } as unknown as CorpusStatsRepository;
    let installed: number | null = 1;
    const matchers = {
      entityTypes: () => ['org'],
      statsVersion: () => installed,
      useStats: (_: string, active: { version: number } | null) => (installed = active?.version ?? null),
    } as unknown as MatcherRegistry;
    const transactions = { run: (work: (m: unknown) => Promise<unknown>) => work({}) } as TransactionRunner;
    const stats = new ActiveStats(transactions, snapshots, matchers);

    const sync = stats.sync();
    const install = stats.installForJob('job-2');
    // The read comes back after the job's install would have finished, had it not waited its turn.
    setTimeout(releaseRead, 100);
    await Promise.all([sync, install]);
    expect(installed).toBe(2);
  });
});
