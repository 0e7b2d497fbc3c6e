import { DomainException } from '../../platform/common/errors/domain.exception';
import { ErrorCode } from '../../platform/common/errors/error-codes';
import { isTransientDatabaseError } from '../../platform/database/transient-error';
import { EVENT_PROBLEM_KINDS, InvalidEventException } from './invalid-event.exception';

/**
 * The Kafka edge's counterpart of the HTTP exception filter: every failure of a change message is
 * either retried (the message stays uncommitted) or dead-lettered with one of these reasons, which
 * producers read in the `joinery-dlq-reason` header (docs/events.md, "Dead letters").
 */
export const DEAD_LETTER_REASONS = [
  // Each kind of problem with an event is its own reason, under the same name ...
  ...EVENT_PROBLEM_KINDS,
  // ... plus the failures that are not a problem of one field.
  'INVALID_EVENT',
  'PROCESSING_FAILED',
  'EVENT_ID_CONFLICT',
] as const;

export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

export type DeadLetterDecision =
  { action: 'dead-letter'; reason: DeadLetterReason; message: string } | { action: 'retry'; message: string };

/** Decides what to do with a message that failed with `error` (a validation result or a thrown error). */
export function deadLetterDecision(error: unknown): DeadLetterDecision {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof InvalidEventException) {
    return { action: 'dead-letter', reason: error.problems[0].kind, message };
  }
  if (error instanceof DomainException) {
    const reason = reasonForCode(error.code);
    return reason === 'RETRY' ? { action: 'retry', message } : { action: 'dead-letter', reason, message };
  }
  if (isTransientDatabaseError(error)) return { action: 'retry', message };
  // An unexpected error for this event alone (the consumer has narrowed it down to one event):
  // retrying would block the partition forever, so it is set aside with its original bytes.
  return { action: 'dead-letter', reason: 'PROCESSING_FAILED', message };
}

function reasonForCode(code: ErrorCode): DeadLetterReason | 'RETRY' {
  switch (code) {
    case 'COMMON.UNAVAILABLE':
      return 'RETRY';
    case 'COMMON.VALIDATION_FAILED':
    case 'INGESTION.INVALID_EVENT':
      return 'INVALID_EVENT';
    case 'INGESTION.UNKNOWN_ENTITY_TYPE':
      return 'UNKNOWN_ENTITY_TYPE';
    case 'COMMON.PAYLOAD_TOO_LARGE':
    case 'INGESTION.EVENT_TOO_LARGE':
      return 'EVENT_TOO_LARGE';
    case 'INGESTION.EVENT_ID_CONFLICT':
      return 'EVENT_ID_CONFLICT';
    case 'INGESTION.BATCH_TOO_LARGE':
    case 'INGESTION.PROCESSING_FAILED':
    case 'COMMON.NOT_FOUND':
    case 'COMMON.INTERNAL':
      return 'PROCESSING_FAILED';
    // Read-side codes of the cross-reference API: never raised while consuming change events.
    case 'XREF.UNKNOWN_KEY':
    case 'XREF.UNKNOWN_ENTITY_TYPE':
    case 'XREF.TOO_MANY_KEYS':
    case 'GOLDEN.UNKNOWN_ID':
    case 'GOLDEN.RETIRED':
    case 'GOLDEN.DELETED':
      return 'PROCESSING_FAILED';
    // Admin routes' codes (matcher roll-outs, jobs): never raised while consuming change events.
    case 'ADMIN.INVALID_MATCHER_CONFIG':
    case 'ADMIN.JOB_NOT_FOUND':
    case 'ADMIN.JOB_IN_PROGRESS':
    case 'ADMIN.STATS_UNUSED':
      return 'PROCESSING_FAILED';
    // HTTP-only codes (authentication, rate limits): never raised while consuming change events.
    case 'COMMON.RATE_LIMITED':
    case 'COMMON.UNSUPPORTED_MEDIA_TYPE':
    case 'COMMON.INVALID_ENCODING':
    case 'AUTH.UNAUTHENTICATED':
    case 'AUTH.FORBIDDEN':
      return 'PROCESSING_FAILED';
    // Steward routes' codes: never raised while consuming change events.
    case 'STEWARDSHIP.REVIEW_ITEM_NOT_FOUND':
    case 'STEWARDSHIP.REVIEW_CLOSED':
    case 'STEWARDSHIP.UNKNOWN_RECORD':
    case 'STEWARDSHIP.UNKNOWN_GOLDEN_ID':
    case 'STEWARDSHIP.GOLDEN_NOT_ACTIVE':
    case 'STEWARDSHIP.NOT_A_MEMBER':
    case 'STEWARDSHIP.CONSTRAINT_NOT_FOUND':
    case 'STEWARDSHIP.CONSTRAINT_REVOKED':
    case 'STEWARDSHIP.CONSTRAINT_EXISTS':
    case 'STEWARDSHIP.CONSTRAINT_CONFLICT':
    case 'STEWARDSHIP.CANNOT_LINK_VIOLATION':
    case 'STEWARDSHIP.LINK_REFUSED':
      return 'PROCESSING_FAILED';
  }
}
