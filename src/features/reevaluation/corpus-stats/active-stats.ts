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

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly snapshots: CorpusStatsRepository,
    private readonly matchers: MatcherRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.matchers.ready();
    await this.sync();
  }

  /**
   * Installs each type's active snapshot where this instance runs another one (or none). As in
   * MatcherRegistry.sync, a sync never undoes an install made while it read (a stats job starting
   * here): its read may predate the job's snapshot, and the next sync converges anyway.
   */
  async sync(): Promise<void> {
    const before = new Map(this.matchers.entityTypes().map((t) => [t, this.matchers.statsVersion(t)]));
    const active = await this.transactions.run((m) => this.snapshots.active(m));
    for (const [entityType, ran] of before) {
      const snapshot = active.get(entityType) ?? null;
      if (ran === (snapshot?.version ?? null)) continue;
      await this.install(entityType, snapshot, ran);
    }
  }

  /** Installs the snapshot a stats job rolls out (when it starts, or resumes on this instance). */
  async installForJob(jobId: string): Promise<void> {
    const snapshot = await this.transactions.run((m) => this.snapshots.ofJob(m, jobId));
    if (!snapshot) throw new Error(`stats job ${jobId} has no snapshot`);
    if (this.matchers.statsVersion(snapshot.entityType) !== snapshot.version)
      await this.install(snapshot.entityType, snapshot);
  }

  /** Installs `snapshot`; with `unlessMovedFrom`, only if the type still runs that version once it is loaded. */
  private async install(
    entityType: string,
    snapshot: SnapshotRow | null,
    unlessMovedFrom?: number | null,
  ): Promise<void> {
    const stats = snapshot
      ? InMemoryCorpusStats.fromCounts(
          await decodeCounts(await this.transactions.run((m) => this.snapshots.counts(m, snapshot.id))),
        )
      : null;
    if (unlessMovedFrom !== undefined && this.matchers.statsVersion(entityType) !== unlessMovedFrom) return;
    this.matchers.useStats(entityType, snapshot && stats && { version: snapshot.version, stats });
    if (snapshot)
      this.logger.log(
        `${entityType}: corpus statistics v${snapshot.version} loaded (${snapshot.recordCount} records, ${snapshot.terms} terms)`,
      );
  }
}
