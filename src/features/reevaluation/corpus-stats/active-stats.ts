import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { TransactionRunner } from '../../../platform/database/transaction-runner';
import { InMemoryCorpusStats } from '../../../engine';
import { MatcherRegistry } from '../../../core/matching/matcher-registry';
import { CorpusStatsRepository, SnapshotRow } from './corpus-stats.repository';
import { decodeCounts } from './counts-codec';

/**
 * Keeps the matcher registry on the active corpus-statistics snapshot of each entity type (the
 * latest whose roll-out has not failed). Runs at start-up, before any consumer or HTTP request can
 * resolve a record, so no record is ever scored without the statistics the store says are active;
 * then on every re-evaluation sync (every 5 s in the server) and when a stats job starts or resumes.
 */
@Injectable()
export class ActiveStats implements OnModuleInit {
  private readonly logger = new Logger('CorpusStats');
  /**
   * sync and installForJob run one at a time: a sync that read the active snapshots just before a
   * new job's snapshot committed would otherwise install the older one over the job's, after the
   * job had installed it (seen as a flaky spec: the job done, the registry still on v1 until the
   * next sync, and records resolved meanwhile with the older statistics).
   */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly snapshots: CorpusStatsRepository,
    private readonly matchers: MatcherRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.matchers.ready();
    await this.sync();
  }

  /** Installs each type's active snapshot where this instance runs another one (or none). */
  sync(): Promise<void> {
    return this.inTurn(async () => {
      const active = await this.transactions.run((m) => this.snapshots.active(m));
      for (const entityType of this.matchers.entityTypes()) {
        const snapshot = active.get(entityType) ?? null;
        if (this.matchers.statsVersion(entityType) === (snapshot?.version ?? null)) continue;
        await this.install(entityType, snapshot);
      }
    });
  }

  /** Installs the snapshot a stats job rolls out (when it starts, or resumes on this instance). */
  installForJob(jobId: string): Promise<void> {
    return this.inTurn(async () => {
      const snapshot = await this.transactions.run((m) => this.snapshots.ofJob(m, jobId));
      if (!snapshot) throw new Error(`stats job ${jobId} has no snapshot`);
      if (this.matchers.statsVersion(snapshot.entityType) !== snapshot.version)
        await this.install(snapshot.entityType, snapshot);
    });
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work, work);
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async install(entityType: string, snapshot: SnapshotRow | null): Promise<void> {
    if (!snapshot) return this.matchers.useStats(entityType, null);
    const data = await this.transactions.run((m) => this.snapshots.counts(m, snapshot.id));
    const stats = InMemoryCorpusStats.fromCounts(await decodeCounts(data));
    this.matchers.useStats(entityType, { version: snapshot.version, stats });
    this.logger.log(
      `${entityType}: corpus statistics v${snapshot.version} loaded (${snapshot.recordCount} records, ${snapshot.terms} terms)`,
    );
  }
}
