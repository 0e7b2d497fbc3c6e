import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ReevaluationKind, ReevaluationStatus } from './reevaluation-job.entity';
import { updateReturning } from '../../platform/database/update-returning';

export interface JobRow {
  id: string;
  entityType: string;
  kind: ReevaluationKind;
  configHash: string;
  /** The matcher config version the job runs (null for jobs from before versions). */
  matcherConfigId: string | null;
  status: ReevaluationStatus;
  cursor: string;
  total: number;
  processed: number;
  batches: number;
  goldenEvents: number;
  error: string | null;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

type Raw = Record<string, unknown>;

const COLUMNS = `id::text, entity_type, kind, config_hash, matcher_config_id::text, status, cursor::text, total, processed,
  batches, golden_events, error, started_at, updated_at, finished_at`;

function toRow(r: Raw): JobRow {
  return {
    id: r.id as string,
    entityType: r.entity_type as string,
    kind: r.kind as ReevaluationKind,
    configHash: r.config_hash as string,
    matcherConfigId: r.matcher_config_id as string | null,
    status: r.status as ReevaluationStatus,
    cursor: r.cursor as string,
    total: r.total as number,
    processed: r.processed as number,
    batches: r.batches as number,
    goldenEvents: r.golden_events as number,
    error: r.error as string | null,
    startedAt: r.started_at as Date,
    updatedAt: r.updated_at as Date,
    finishedAt: r.finished_at as Date | null,
  };
}

/** SQL of re-evaluation jobs: create, lease, advance (in each batch's transaction), finish. */
@Injectable()
export class ReevaluationJobRepository {
  /** A new running job, or null when the type already has one (uq_reevaluation_jobs_running). */
  async create(
    m: EntityManager,
    job: {
      entityType: string;
      kind: ReevaluationKind;
      configHash: string;
      matcherConfigId: string;
      total: number;
    },
  ): Promise<JobRow | null> {
    const rows: Raw[] = await m.query(
      `INSERT INTO reevaluation_jobs (entity_type, kind, config_hash, matcher_config_id, total)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (entity_type) WHERE status = 'running' DO NOTHING
       RETURNING ${COLUMNS}`,
      [job.entityType, job.kind, job.configHash, job.matcherConfigId, job.total],
    );
    return rows.length > 0 ? toRow(rows[0]) : null;
  }

  async find(m: EntityManager, id: string): Promise<JobRow | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const rows: Raw[] = await m.query(`SELECT ${COLUMNS} FROM reevaluation_jobs WHERE id = $1`, [id]);
    return rows.length > 0 ? toRow(rows[0]) : null;
  }

  /** The type's running job, if any. */
  async running(m: EntityManager, entityType: string): Promise<JobRow | null> {
    const rows: Raw[] = await m.query(
      `SELECT ${COLUMNS} FROM reevaluation_jobs WHERE entity_type = $1 AND status = 'running'`,
      [entityType],
    );
    return rows.length > 0 ? toRow(rows[0]) : null;
  }

  /** Id of the type's latest job below `below` ('0' when none): a later one means a job started since. */
  async latestId(m: EntityManager, entityType: string, below = '9223372036854775807'): Promise<string> {
    const [row]: Array<{ id: string }> = await m.query(
      `SELECT coalesce(max(id), 0)::text AS id FROM reevaluation_jobs WHERE entity_type = $1 AND id < $2::bigint`,
      [entityType, below],
    );
    return row.id;
  }

  /** Takes (or renews) the job's lease for `owner`; false when another live owner holds it. */
  async lease(m: EntityManager, id: string, owner: string, seconds: number): Promise<boolean> {
    const rows = await updateReturning<{ id: string }>(
      m,
      `UPDATE reevaluation_jobs SET lease_owner = $2, lease_until = now() + make_interval(secs => $3)
        WHERE id = $1 AND status = 'running'
          AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < now())
        RETURNING id`,
      [id, owner, seconds],
    );
    return rows.length > 0;
  }

  /** Running jobs no live instance holds: to resume. */
  async orphaned(m: EntityManager): Promise<JobRow[]> {
    const rows: Raw[] = await m.query(
      `SELECT ${COLUMNS} FROM reevaluation_jobs
        WHERE status = 'running' AND (lease_until IS NULL OR lease_until < now()) ORDER BY reevaluation_jobs.id`,
    );
    return rows.map(toRow);
  }

  /** Golden events this transaction wrote to the outbox. */
  async eventsWrittenHere(m: EntityManager): Promise<number> {
    const [row]: Array<{ n: number }> = await m.query(
      `SELECT count(*)::int AS n FROM golden_outbox WHERE xmin = pg_current_xact_id()::xid`,
    );
    return row.n;
  }

  /** In the batch's transaction: the batch is done exactly when its records are. */
  async advance(
    m: EntityManager,
    id: string,
    step: { cursor: string; records: number; goldenEvents: number; owner: string; leaseSeconds: number },
  ): Promise<void> {
    await m.query(
      `UPDATE reevaluation_jobs
          SET cursor = $2, processed = processed + $3, batches = batches + 1, golden_events = golden_events + $4,
              updated_at = now(), lease_owner = $5, lease_until = now() + make_interval(secs => $6)
        WHERE id = $1`,
      [id, step.cursor, step.records, step.goldenEvents, step.owner, step.leaseSeconds],
    );
  }

  async finish(
    m: EntityManager,
    id: string,
    status: 'done' | 'failed',
    error: string | null = null,
  ): Promise<void> {
    await m.query(
      `UPDATE reevaluation_jobs SET status = $2, error = $3, finished_at = now(), updated_at = now(),
              lease_owner = NULL, lease_until = NULL
        WHERE id = $1`,
      [id, status, error],
    );
  }
}
