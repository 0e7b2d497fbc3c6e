import { Injectable, Logger } from '@nestjs/common';
import { DomainException } from '../../../platform/common/errors/domain.exception';
import { AppConfig } from '../../../platform/config/app-config';
import { TransactionRunner } from '../../../platform/database/transaction-runner';
import { InMemoryCorpusStats, type Matcher } from '../../../engine';
import { MatcherRegistry } from '../../../core/matching/matcher-registry';
import { JobRow, ReevaluationJobRepository } from '../reevaluation-job.repository';
import { DryRunReport, ReevaluationService } from '../reevaluation.service';
import type { SnapshotTrigger } from './corpus-stats-snapshot.entity';
import { CorpusStatsRepository, SnapshotRow } from './corpus-stats.repository';
import { encodeCounts } from './counts-codec';
import { refreshDue, RefreshReason } from './refresh-due';

/** Stored records read per query while counting. */
const COUNT_PAGE = 5000;

export interface RefreshStarted {
  snapshot: SnapshotRow;
  job: JobRow;
  /** Settles when the roll-out job has re-evaluated every record (or failed). */
  completion: Promise<JobRow>;
}

export interface StatsStatus {
  entityType: string;
  /** What the matcher reads statistics for; empty: statistics change nothing for this type. */
  vocabularies: string[];
  /** Resolved records of the type now. */
  records: number;
  /** The snapshot scores use (the latest whose roll-out has not failed); null: none yet. */
  active: SnapshotRow | null;
  /** The latest snapshot, whatever became of its roll-out. */
  latest: SnapshotRow | null;
  latestJob: JobRow | null;
  due: RefreshReason | null;
}

/**
 * Corpus-statistics refresh (docs/resolution.md): counts the stored prepared records of a type
 * with the running matcher into a new snapshot version, then rolls it out like a matcher change,
 * as a re-evaluation job of kind `stats`. Also the automatic refresh (StatsRefreshWorker) and a
 * dry run. Never on the ingest path: counting reads `resolution_records` page by page.
 */
@Injectable()
export class StatsRefreshService {
  private readonly logger = new Logger('CorpusStats');

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly snapshots: CorpusStatsRepository,
    private readonly jobs: ReevaluationJobRepository,
    private readonly reevaluation: ReevaluationService,
    private readonly matchers: MatcherRegistry,
    private readonly config: AppConfig,
  ) {}

  /**
   * Counts a new snapshot and starts its roll-out; returns once the job is created. 409
   * ADMIN.JOB_IN_PROGRESS when the type has a running job, or one started while this counted.
   */
  async refresh(entityType: string, trigger: SnapshotTrigger = 'manual'): Promise<RefreshStarted> {
    const matcher = this.matcherReadingStats(entityType);
    const before = await this.transactions.run(async (m) => ({
      running: await this.jobs.running(m, entityType),
      latestJob: await this.jobs.latestId(m, entityType),
      version: await this.snapshots.nextVersion(m, entityType),
    }));
    if (before.running) throw inProgress(entityType, `job ${before.running.id} is running`);
    const began = Date.now();
    const { stats, records } = await this.count(entityType, matcher);
    const encoded = await encodeCounts(stats.toCounts());
    let snapshot: SnapshotRow | null = null;
    const started = await this.reevaluation.rollOutStats(entityType, async (m, job) => {
      // A roll-out that ran meanwhile may have re-prepared the records this counted.
      if ((await this.jobs.latestId(m, entityType, job.id)) !== before.latestJob)
        throw inProgress(entityType, 'another job started while the statistics were being counted');
      snapshot = await this.snapshots.insert(m, {
        entityType,
        version: before.version,
        jobId: job.id,
        trigger,
        recordCount: records,
        vocabularies: [...matcher.statVocabularies],
        matcherFingerprint: matcher.fingerprint,
        terms: encoded.terms,
        counts: encoded.data,
        countsSha256: encoded.sha256,
        buildMs: Date.now() - began,
      });
      if (!snapshot) throw inProgress(entityType, `snapshot v${before.version} was built meanwhile`);
    });
    this.logger.log(
      `${entityType}: corpus statistics v${before.version} (${trigger}) counted from ${records} records in ${Date.now() - began} ms; roll-out job ${started.job.id}`,
    );
    return { snapshot: snapshot!, ...started };
  }

  /** What a refresh would change now: counts a snapshot, re-evaluates with it and rolls back. */
  async diff(entityType: string, sampleSize = 10): Promise<DryRunReport> {
    const matcher = this.matcherReadingStats(entityType);
    const { stats } = await this.count(entityType, matcher);
    const candidate = this.matchers.compileWithStats(entityType, stats);
    return this.reevaluation.dryRun(
      entityType,
      candidate,
      this.matchers.version(entityType).hash,
      sampleSize,
    );
  }

  async status(entityType: string): Promise<StatsStatus> {
    const matcher = this.known(entityType);
    const { active, latest, latestJob, records } = await this.transactions.run(async (m) => {
      const last = await this.snapshots.latest(m, entityType);
      return {
        active: (await this.snapshots.active(m)).get(entityType) ?? null,
        latest: last,
        latestJob: last ? await this.jobs.find(m, last.jobId) : null,
        records: await this.snapshots.recordCount(m, entityType),
      };
    });
    return {
      entityType,
      vocabularies: [...matcher.statVocabularies],
      records,
      active,
      latest,
      latestJob,
      due: refreshDue(matcher, latest, records, this.options()),
    };
  }

  /** Starts the refreshes that are due (StatsRefreshWorker); returns the types it started. */
  async refreshDueTypes(): Promise<string[]> {
    if (this.config.CORPUS_STATS_GROWTH_FACTOR === 0) return [];
    const counts = await this.transactions.run((m) => this.snapshots.recordCounts(m));
    const started: string[] = [];
    for (const entityType of this.matchers.entityTypes()) {
      const latest = await this.transactions.run((m) => this.snapshots.latest(m, entityType));
      const matcher = this.matchers.get(entityType);
      const due = refreshDue(matcher, latest, counts.get(entityType) ?? 0, this.options());
      if (!due) continue;
      try {
        await this.refresh(entityType, 'auto');
        started.push(entityType);
      } catch (e) {
        // Another instance (or an operator) got there first, or a roll-out is running: next check.
        if (e instanceof DomainException && e.code === 'ADMIN.JOB_IN_PROGRESS') continue;
        throw e;
      }
    }
    return started;
  }

  private options(): { factor: number; minRecords: number } {
    return {
      factor: this.config.CORPUS_STATS_GROWTH_FACTOR,
      minRecords: this.config.CORPUS_STATS_MIN_RECORDS,
    };
  }

  private async count(
    entityType: string,
    matcher: Matcher,
  ): Promise<{ stats: InMemoryCorpusStats; records: number }> {
    const stats = new InMemoryCorpusStats();
    let records = 0;
    for (let cursor = '0'; ;) {
      const page = await this.transactions.run((m) =>
        this.snapshots.preparedAfter(m, entityType, cursor, COUNT_PAGE),
      );
      if (page.length === 0) break;
      for (const { prepared } of page) stats.add(matcher.statTerms(prepared));
      records += page.length;
      cursor = page[page.length - 1].recordId;
    }
    return { stats, records };
  }

  private known(entityType: string): Matcher {
    if (!this.matchers.has(entityType))
      throw new DomainException(
        'COMMON.NOT_FOUND',
        `no matcher is configured for entity type "${entityType}"`,
      );
    return this.matchers.get(entityType);
  }

  private matcherReadingStats(entityType: string): Matcher {
    const matcher = this.known(entityType);
    if (matcher.statVocabularies.length === 0)
      throw new DomainException(
        'ADMIN.STATS_UNUSED',
        `the matcher of ${entityType} uses no corpus statistics (no TF-IDF metric, no term_frequency_adjustment)`,
      );
    return matcher;
  }
}

function inProgress(entityType: string, why: string): DomainException {
  return new DomainException(
    'ADMIN.JOB_IN_PROGRESS',
    `corpus statistics of ${entityType} not refreshed: ${why}; try again when it is done`,
  );
}
