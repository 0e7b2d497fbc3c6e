import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DomainException } from '../../platform/common/errors/domain.exception';
import { ActiveStats } from './corpus-stats/active-stats';
import { IN_BACKGROUND } from '../../platform/database/retry-policy';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { MatcherConfigError, type Matcher } from '../../engine';
import { MatcherConfigService } from '../../core/matching/matcher-config.service';
import type { MatcherConfigText, MatcherConfigVersion } from '../../core/matching/matcher-config.repository';
import { configHash } from '../../core/matching/matcher-files';
import { MatcherRegistry } from '../../core/matching/matcher-registry';
import { ResolutionService } from '../../core/resolution/resolution.service';
import { diffResolution, ResolutionDiff } from './resolution-diff';
import type { ReevaluationKind } from './reevaluation-job.entity';
import { JobRow, ReevaluationJobRepository } from './reevaluation-job.repository';
import { ReevaluationRepository } from './reevaluation.repository';

/** Records per re-evaluation batch (one transaction each when rolled out). */
export const REEVALUATION_BATCH = 500;
const LEASE_SECONDS = 60;

export interface DryRunReport extends ResolutionDiff {
  entityType: string;
  configHash: string;
  records: number;
  durationMs: number;
}

/** Thrown to roll a dry run's transaction back, carrying its result out. */
class DryRunRollback extends Error {
  constructor(readonly report: DryRunReport) {
    super('dry run: rolled back');
  }
}

/**
 * A proposed matcher config: the YAML text, and trained weights to merge over it (`weightsText`
 * left out: the weights of the running version, as when only the YAML is edited).
 */
export interface ProposedConfig {
  text: string;
  weightsText?: string | null;
}

/**
 * Re-evaluation of one entity type's live records with a matcher: every record is fed back through
 * resolution as an upsert of its current attributes (ResolutionService.reevaluate), in record-id
 * order, 500 at a time. That is exactly what re-ingesting them would do, so:
 * - a dry run (`diff`) does it in ONE transaction, compares the links and entities before and
 *   after, and rolls back: its counts are exact by construction;
 * - a roll-out (`apply`), a `rebuild` or a corpus-statistics roll-out (`stats`) does the same batches
 *   each in its own transaction that also advances the job's cursor, honouring steward constraints
 *   and writing the usual golden events.
 */
@Injectable()
export class ReevaluationService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Reevaluation');
  readonly owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly stop = new AbortController();
  /**
   * The jobs this instance is running, by id. The lease keeps other instances out, but every caller
   * here shares one lease owner, so a second run of the same job (the worker's tick beside a
   * resume or an API call) must join the first instead of processing the same batches again.
   */
  private readonly running = new Map<string, Promise<JobRow>>();

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly records: ReevaluationRepository,
    private readonly jobs: ReevaluationJobRepository,
    private readonly resolution: ResolutionService,
    private readonly matchers: MatcherRegistry,
    private readonly configs: MatcherConfigService,
    private readonly activeStats: ActiveStats,
  ) {}

  /** The config with its weights, compiled, or a 400 listing every problem; unknown entity types are 404. */
  private compile(
    entityType: string,
    proposed: ProposedConfig,
  ): { config: MatcherConfigText; matcher: Matcher } {
    this.known(entityType);
    const config = {
      text: proposed.text,
      weightsText:
        proposed.weightsText === undefined
          ? this.matchers.version(entityType).weightsText
          : proposed.weightsText,
    };
    try {
      return { config, matcher: this.matchers.compile(entityType, config) };
    } catch (e) {
      if (!(e instanceof MatcherConfigError)) throw e;
      throw new DomainException(
        'ADMIN.INVALID_MATCHER_CONFIG',
        `the matcher config for ${entityType} is invalid`,
        e.issues.map((i) => ({ field: i.path || 'config', reason: i.message })),
      );
    }
  }

  /** What `proposed` would change, computed by really re-evaluating every record and rolling back. */
  async diff(entityType: string, proposed: ProposedConfig, sampleSize = 10): Promise<DryRunReport> {
    const { config, matcher } = this.compile(entityType, proposed);
    return this.dryRun(entityType, matcher, configHash(config.text, config.weightsText), sampleSize);
  }

  /** What re-evaluating every record with `matcher` would change (`hash` names the config in the report). */
  async dryRun(entityType: string, matcher: Matcher, hash: string, sampleSize = 10): Promise<DryRunReport> {
    const began = Date.now();
    try {
      await this.transactions.run(async (m) => {
        const before = await this.records.state(m, entityType);
        let records = 0;
        for (let cursor = '0'; ;) {
          const batch = await this.records.liveRecordsAfter(m, entityType, cursor, REEVALUATION_BATCH);
          if (batch.length === 0) break;
          await this.resolution.reevaluate(m, matcher, batch, { count: false });
          records += batch.length;
          cursor = batch[batch.length - 1].recordId;
        }
        const after = await this.records.state(m, entityType);
        throw new DryRunRollback({
          entityType,
          configHash: hash,
          records,
          durationMs: Date.now() - began,
          ...diffResolution(before, after, sampleSize),
        });
      });
    } catch (e) {
      if (e instanceof DryRunRollback) return e.report;
      throw e;
    }
    throw new Error('unreachable: a dry run always rolls back');
  }

  /**
   * Starts rolling `proposed` out: in one transaction, a new active config version (by `author`)
   * and a job that names it (409 when the type already has a running job); the version is swapped
   * into this instance's registry (other instances adopt it on their next sync), then the batches
   * run. Returns the job at once; `completion` settles when it has run.
   */
  async apply(
    entityType: string,
    proposed: ProposedConfig,
    author: string,
  ): Promise<{ job: JobRow; completion: Promise<JobRow> }> {
    const { config } = this.compile(entityType, proposed);
    const { job, version } = await this.createJob(entityType, 'apply', (m) =>
      this.configs.activate(m, entityType, config, author),
    );
    this.matchers.install(version);
    return { job, completion: this.run(job.id) };
  }

  /**
   * Rolls an earlier version's config and weights out again, as a new version (the history stays a
   * log of what ran when): the way back from a roll-out that made links worse.
   */
  async restore(
    entityType: string,
    version: number,
    author: string,
  ): Promise<{ job: JobRow; completion: Promise<JobRow> }> {
    this.known(entityType);
    const earlier = await this.configs.version(entityType, version);
    return this.apply(
      entityType,
      { text: earlier.text, weightsText: earlier.weightsText },
      `${author} (restores version ${version})`,
    );
  }

  /** Re-evaluates every record with the running matcher (and drops resolved records whose source is gone). */
  async rebuild(entityType: string): Promise<{ job: JobRow; completion: Promise<JobRow> }> {
    this.known(entityType);
    const { job } = await this.createJob(entityType, 'rebuild');
    return { job, completion: this.run(job.id) };
  }

  /**
   * Starts rolling a corpus-statistics snapshot out: `attach` stores the snapshot in the same
   * transaction as the job (it throws to refuse, and then neither exists). Each batch re-evaluates
   * with the snapshot, which ActiveStats installs when the job runs; other instances adopt it by
   * syncing, like a config.
   */
  async rollOutStats(
    entityType: string,
    attach: (m: EntityManager, job: JobRow) => Promise<void>,
  ): Promise<{ job: JobRow; completion: Promise<JobRow> }> {
    const { job } = await this.createJob(entityType, 'stats', undefined, attach);
    return { job, completion: this.run(job.id) };
  }

  async job(id: string): Promise<JobRow> {
    const job = await this.transactions.run((m) => this.jobs.find(m, id));
    if (!job) throw new DomainException('ADMIN.JOB_NOT_FOUND', `no re-evaluation job ${id}`);
    return job;
  }

  /** Running jobs that no live instance holds (their runner died): resumed from their cursor. */
  async resumeOrphans(): Promise<number> {
    const orphans = await this.transactions.run((m) => this.jobs.orphaned(m));
    for (const j of orphans) {
      this.logger.log(
        `resuming re-evaluation job ${j.id} (${j.kind} ${j.entityType}) after record ${j.cursor}`,
      );
      void this.run(j.id); // tracked in `running` (a job already running here is joined); its outcome is recorded on the job
    }
    return orphans.length;
  }

  /** Converges this instance on the active config version and statistics snapshot of each type. */
  async syncMatchers(): Promise<void> {
    await this.matchers.sync();
    await this.activeStats.sync();
  }

  /**
   * A running job for the type, naming the config version it runs: `version` activates a new one
   * in the job's transaction (a roll-out); otherwise the running version. `alongside` runs in the
   * same transaction (it throws to refuse, and then neither exists).
   */
  private async createJob(
    entityType: string,
    kind: ReevaluationKind,
    version?: (m: EntityManager) => Promise<MatcherConfigVersion>,
    alongside?: (m: EntityManager, job: JobRow) => Promise<void>,
  ): Promise<{ job: JobRow; version: MatcherConfigVersion }> {
    return this.transactions.run(async (m) => {
      const config = version ? await version(m) : this.matchers.version(entityType);
      const job = await this.jobs.create(m, {
        entityType,
        kind,
        configHash: config.hash,
        matcherConfigId: config.id,
        total: await this.records.countLive(m, entityType),
      });
      // Thrown inside: a refused roll-out leaves no version behind either.
      if (!job)
        throw new DomainException(
          'ADMIN.JOB_IN_PROGRESS',
          `a re-evaluation job for ${entityType} is already running`,
        );
      await alongside?.(m, job);
      return { job, version: config };
    });
  }

  private known(entityType: string): void {
    if (!this.matchers.has(entityType))
      throw new DomainException(
        'COMMON.NOT_FOUND',
        `no matcher is configured for entity type "${entityType}"`,
      );
  }

  /** Shutdown stops jobs between batches; their lease runs out and an instance resumes them. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await Promise.all([...this.running.values()]);
  }

  /** Runs (or resumes) a job to its end; never rejects: a failure is recorded on the job. */
  run(id: string): Promise<JobRow> {
    const already = this.running.get(id);
    if (already) return already;
    const running = this.runJob(id);
    this.running.set(id, running);
    void running.finally(() => this.running.delete(id));
    return running;
  }

  private async runJob(id: string): Promise<JobRow> {
    const seen = await this.job(id);
    if (seen.status !== 'running') return seen;
    if (!(await this.transactions.run((m) => this.jobs.lease(m, id, this.owner, LEASE_SECONDS)))) return seen;
    // Read again under the lease: the cursor may have moved since (a previous owner's last batch).
    const job = await this.job(id);
    if (job.status !== 'running') return job;
    try {
      if (job.kind === 'stats') await this.activeStats.installForJob(job.id);
      // A roll-out runs its own version, even when a newer one became active since it started.
      const matcher =
        job.kind === 'apply' && job.matcherConfigId !== null
          ? await this.matchers.matcherOf(job.matcherConfigId)
          : this.matchers.get(job.entityType);
      if (job.kind === 'rebuild' && job.cursor === '0') {
        const orphans = await this.transactions.run((m) => this.records.orphans(m, job.entityType));
        for (let i = 0; i < orphans.length; i += REEVALUATION_BATCH)
          await this.transactions.run(
            (m) => this.resolution.reevaluate(m, matcher, orphans.slice(i, i + REEVALUATION_BATCH)),
            IN_BACKGROUND,
          );
      }
      for (let cursor = job.cursor; ;) {
        const next = await this.transactions.run((m) => this.step(m, job, matcher, cursor), IN_BACKGROUND);
        if (next === null) break;
        cursor = next;
        if (this.stop.signal.aborted) {
          this.logger.warn(`re-evaluation job ${id} stopped after record ${cursor}: it resumes from there`);
          return this.job(id);
        }
      }
      await this.transactions.run((m) => this.jobs.finish(m, id, 'done'));
      this.logger.log(`re-evaluation job ${id} (${job.kind} ${job.entityType}) done`);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.logger.error(`re-evaluation job ${id} failed: ${message}`);
      await this.transactions.run((m) => this.jobs.finish(m, id, 'failed', message)).catch(() => undefined);
    }
    return this.job(id);
  }

  private async step(
    m: EntityManager,
    job: JobRow,
    matcher: Matcher,
    cursor: string,
  ): Promise<string | null> {
    const batch = await this.records.liveRecordsAfter(m, job.entityType, cursor, REEVALUATION_BATCH);
    if (batch.length === 0) return null;
    await this.resolution.reevaluate(m, matcher, batch);
    const last = batch[batch.length - 1].recordId;
    await this.jobs.advance(m, job.id, {
      cursor: last,
      records: batch.length,
      goldenEvents: await this.jobs.eventsWrittenHere(m),
      owner: this.owner,
      leaseSeconds: LEASE_SECONDS,
    });
    return last;
  }
}
