import type { ReevaluationKind } from './reevaluation-job.entity';
import type { JobRow } from './reevaluation-job.repository';

/** `GET /v1/admin/jobs/{id}`: a re-evaluation job and its progress. */
export interface JobDto {
  id: string;
  entityType: string;
  kind: ReevaluationKind;
  status: 'running' | 'done' | 'failed';
  configHash: string;
  /** Last source record id done: the job resumes after it. */
  cursor: string;
  total: number;
  processed: number;
  /** processed / total (1 when there is nothing to do). */
  progress: number;
  batches: number;
  goldenEvents: number;
  error: string | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export function toJobDto(job: JobRow): JobDto {
  return {
    id: job.id,
    entityType: job.entityType,
    kind: job.kind,
    status: job.status,
    configHash: job.configHash,
    cursor: job.cursor,
    total: job.total,
    processed: job.processed,
    progress: job.total === 0 ? 1 : Math.min(1, job.processed / job.total),
    batches: job.batches,
    goldenEvents: job.goldenEvents,
    error: job.error,
    startedAt: job.startedAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/** The matcher config of a diff or apply request: the YAML text itself, or JSON `{ "config": "..." }`. */
export function configOf(body: unknown): unknown {
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object' && 'config' in body) return body.config;
  return undefined;
}
