import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DomainException } from '../common/errors/domain.exception';
import { ActiveStats } from '../corpus-stats/active-stats';
import { IN_BACKGROUND } from '../database/retry-policy';
import { TransactionRunner } from '../database/transaction-runner';
import { MatcherConfigError, type Matcher } from '../engine';
import { MatcherRegistry } from '../matching/matcher-registry';
import { ResolutionService } from '../resolution/resolution.service';
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

export const configHash = (text: string): string => createHash('sha256').update(text).digest('hex');

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
  private readonly running = new Set<Promise<JobRow>>();

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly records: ReevaluationRepository,
    private readonly jobs: ReevaluationJobRepository,
    private readonly resolution: ResolutionService,
    private readonly matchers: MatcherRegistry,
    private readonly activeStats: ActiveStats,
  ) {}

  /** The compiled config, or a 400 listing every problem; unknown entity types are 404. */
  compile(entityType: string, yamlText: unknown): Matcher {
    if (!this.matchers.has(entityType))
      throw new DomainException(
        'COMMON.NOT_FOUND',
        `no matcher is configured for entity type "${entityType}"`,
      );
    if (typeof yamlText !== 'string' || yamlText.trim() === '')
      throw new DomainException(
        'ADMIN.INVALID_MATCHER_CONFIG',
        'the body must be the matcher config as YAML text',
        [
          {
            field: 'body',
            reason: 'send the YAML as text/yaml (or text/plain), or JSON { "config": "..." }',
          },
        ],
      );
    try {
      return this.matchers.compile(entityType, yamlText);
    } catch (e) {
      if (!(e instanceof MatcherConfigError)) throw e;
      throw new DomainException(
        'ADMIN.INVALID_MATCHER_CONFIG',
        `the matcher config for ${entityType} is invalid`,
        e.issues.map((i) => ({ field: i.path || 'config', reason: i.message })),
      );
    }
  }

  /** What `yamlText` would change, computed by really re-evaluating every record and rolling back. */
  async diff(entityType: string, yamlText: unknown, sampleSize = 10): Promise<DryRunReport> {
    const matcher = this.compile(entityType, yamlText);
    return this.dryRun(entityType, matcher, configHash(yamlText as string), sampleSize);
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
   * Starts rolling `yamlText` out: a job row (409 when the type already has a running job), the
   * config written to MATCHERS_DIR and swapped into this instance's registry, then the batches.
   * Returns the job at once; `completion` settles when it has run.
   */
  async apply(entityType: string, yamlText: unknown): Promise<{ job: JobRow; completion: Promise<JobRow> }> {
    this.compile(entityType, yamlText);
    const text = yamlText as string;
    const job = await this.createJob(entityType, 'apply', text);
    this.matchers.install(entityType, text);
    return { job, completion: this.run(job.id) };
  }

  /** Re-evaluates every record with the running matcher (and drops resolved records whose source is gone). */
  async rebuild(entityType: string): Promise<{ job: JobRow; completion: Promise<JobRow> }> {
    if (!this.matchers.has(entityType))
      throw new DomainException(
        'COMMON.NOT_FOUND',
        `no matcher is configured for entity type "${entityType}"`,
      );
    const job = await this.createJob(entityType, 'rebuild', null);
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
    const job = await this.createJob(entityType, 'stats', null, attach);
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
      void this.run(j.id); // tracked in `running`; its outcome is recorded on the job
    }
    return orphans.length;
  }

  /** Converges this instance on the latest rolled-out config of each type (another instance or the CLI applied it). */
  async syncMatchers(): Promise<void> {
    const latest = await this.transactions.run((m) => this.jobs.latestApplied(m));
    for (const { entityType, configHash: hash, configText } of latest) {
      if (!this.matchers.has(entityType)) continue;
      if (configHash(this.matchers.configText(entityType)) === hash) continue;
      this.matchers.install(entityType, configText);
    }
    await this.activeStats.sync();
  }

  private async createJob(
    entityType: string,
    kind: ReevaluationKind,
    text: string | null,
    alongside?: (m: EntityManager, job: JobRow) => Promise<void>,
  ): Promise<JobRow> {
    const hash = configHash(text ?? this.matchers.configText(entityType));
    const job = await this.transactions.run(async (m) => {
      const created = await this.jobs.create(m, {
        entityType,
        kind,
        configHash: hash,
        configText: text,
        total: await this.records.countLive(m, entityType),
      });
      if (created) await alongside?.(m, created);
      return created;
    });
    if (!job)
      throw new DomainException(
        'ADMIN.JOB_IN_PROGRESS',
        `a re-evaluation job for ${entityType} is already running`,
      );
    return job;
  }

  /** Shutdown stops jobs between batches; their lease runs out and an instance resumes them. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await Promise.all([...this.running]);
  }

  /** Runs (or resumes) a job to its end; never rejects: a failure is recorded on the job. */
  run(id: string): Promise<JobRow> {
    const running = this.runJob(id);
    this.running.add(running);
    void running.finally(() => this.running.delete(running));
    return running;
  }

  private async runJob(id: string): Promise<JobRow> {
    const job = await this.job(id);
    if (job.status !== 'running') return job;
    if (!(await this.transactions.run((m) => this.jobs.lease(m, id, this.owner, LEASE_SECONDS)))) return job;
    try {
      if (job.kind === 'apply' && job.configText !== null)
        this.matchers.install(job.entityType, job.configText);
      if (job.kind === 'stats') await this.activeStats.installForJob(job.id);
      const matcher = this.matchers.get(job.entityType);
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
