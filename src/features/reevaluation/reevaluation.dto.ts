import { DomainException } from '../../platform/common/errors/domain.exception';
import { BODY_CHARACTERS_REASON, forbiddenInBody } from '../../platform/common/parameter.pipe';
import type { ReevaluationKind } from './reevaluation-job.entity';
import type { JobRow } from './reevaluation-job.repository';
import type { ProposedConfig } from './reevaluation.service';

/** `GET /v1/admin/jobs/{id}`: a re-evaluation job and its progress. */
export interface JobDto {
  id: string;
  entityType: string;
  kind: ReevaluationKind;
  status: 'running' | 'done' | 'failed';
  configHash: string;
  /** The matcher config version the job runs (null for jobs from before versions). */
  matcherConfigId: string | null;
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
    matcherConfigId: job.matcherConfigId,
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

/**
 * The matcher config of a diff or apply request, typed at the edge: the YAML text itself, or JSON
 * `{ "config": "..." }`. Anything else is a 400 before a service sees it.
 */
export function configOf(body: unknown): ProposedConfig {
  const text =
    typeof body === 'string'
      ? body
      : body && typeof body === 'object' && 'config' in body
        ? body.config
        : null;
  if (typeof text !== 'string' || text.trim() === '')
    throw new DomainException(
      'ADMIN.INVALID_MATCHER_CONFIG',
      'the body must be the matcher config as YAML text',
      [{ field: 'body', reason: 'send the YAML as text/yaml (or text/plain), or JSON { "config": "..." }' }],
    );
  // The text is stored as it came (matcher_configs.text): PostgreSQL text cannot hold U+0000, and
  // would hold an unpaired surrogate as U+FFFD, so the stored text would not be the one sent.
  if (forbiddenInBody(text))
    throw new DomainException(
      'ADMIN.INVALID_MATCHER_CONFIG',
      'the matcher config text holds a NUL character or an unpaired surrogate',
      [{ field: 'body', reason: BODY_CHARACTERS_REASON }],
    );
  return { text };
}
