import { DomainException } from '../common/errors/domain.exception';
import { ErrorCode } from '../common/errors/error-codes';
import { isTransientDatabaseError } from '../database/transient-error';
import { EventProblemKind, InvalidEventException } from './invalid-event.exception';

/**
 * The Kafka edge's counterpart of the HTTP exception filter: every failure of a change message is
 * either retried (the message stays uncommitted) or dead-lettered with one of these reasons, which
 * producers read in the `joinery-dlq-reason` header (docs/events.md, "Dead letters").
 */
export const DEAD_LETTER_REASONS = [
  'EMPTY_MESSAGE',
  'INVALID_ENCODING',
  'NOT_JSON',
  'NOT_AN_OBJECT',
  'EVENT_TOO_LARGE',
  'MISSING_FIELD',
  'EMPTY_FIELD',
  'WRONG_TYPE',
  'UNEXPECTED_FIELD',
  'INVALID_FORMAT',
  'VALUE_TOO_LONG',
  'UNKNOWN_ENTITY_TYPE',
  'UNKNOWN_OP',
  'INVALID_TIMESTAMP',
  'INVALID_VERSION',
  'TOO_MANY_ATTRIBUTES',
  'NESTED_ATTRIBUTE',
  'CONTROL_CHARACTERS',
  'INVALID_REFERENCES',
  'INVALID_EVENT',
  'PROCESSING_FAILED',
] as const;

export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

export type DeadLetterDecision =
  { action: 'dead-letter'; reason: DeadLetterReason; message: string } | { action: 'retry'; message: string };

/** Decides what to do with a message that failed with `error` (a validation result or a thrown error). */
export function deadLetterDecision(error: unknown): DeadLetterDecision {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof InvalidEventException) {
    return { action: 'dead-letter', reason: reasonForProblem(error.problems[0].kind), message };
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
    case 'INGESTION.BATCH_TOO_LARGE':
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
      return 'PROCESSING_FAILED';
    // HTTP-only codes (authentication, rate limits): never raised while consuming change events.
    case 'COMMON.RATE_LIMITED':
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

function reasonForProblem(kind: EventProblemKind): DeadLetterReason {
  switch (kind) {
    case 'EMPTY_MESSAGE':
      return 'EMPTY_MESSAGE';
    case 'INVALID_ENCODING':
      return 'INVALID_ENCODING';
    case 'NOT_JSON':
      return 'NOT_JSON';
    case 'NOT_AN_OBJECT':
      return 'NOT_AN_OBJECT';
    case 'EVENT_TOO_LARGE':
      return 'EVENT_TOO_LARGE';
    case 'MISSING_FIELD':
      return 'MISSING_FIELD';
    case 'EMPTY_FIELD':
      return 'EMPTY_FIELD';
    case 'WRONG_TYPE':
      return 'WRONG_TYPE';
    case 'UNEXPECTED_FIELD':
      return 'UNEXPECTED_FIELD';
    case 'INVALID_FORMAT':
      return 'INVALID_FORMAT';
    case 'VALUE_TOO_LONG':
      return 'VALUE_TOO_LONG';
    case 'UNKNOWN_ENTITY_TYPE':
      return 'UNKNOWN_ENTITY_TYPE';
    case 'UNKNOWN_OP':
      return 'UNKNOWN_OP';
    case 'INVALID_TIMESTAMP':
      return 'INVALID_TIMESTAMP';
    case 'INVALID_VERSION':
      return 'INVALID_VERSION';
    case 'TOO_MANY_ATTRIBUTES':
      return 'TOO_MANY_ATTRIBUTES';
    case 'NESTED_ATTRIBUTE':
      return 'NESTED_ATTRIBUTE';
    case 'CONTROL_CHARACTERS':
      return 'CONTROL_CHARACTERS';
    case 'INVALID_REFERENCES':
      return 'INVALID_REFERENCES';
  }
}
