/**
 * Every error code Joinery returns, namespaced by feature. The HTTP filter and the Kafka
 * dead-letter mapper each switch over this union exhaustively, so adding a code without deciding
 * its status and DLQ treatment fails to compile. The same list is in openapi.yaml (ErrorCode).
 */
export const ERROR_CODES = [
  'COMMON.VALIDATION_FAILED',
  'COMMON.NOT_FOUND',
  'COMMON.PAYLOAD_TOO_LARGE',
  'COMMON.INTERNAL',
  'COMMON.UNAVAILABLE',
  'COMMON.RATE_LIMITED',
  'AUTH.UNAUTHENTICATED',
  'AUTH.FORBIDDEN',
  'INGESTION.UNKNOWN_ENTITY_TYPE',
  'INGESTION.INVALID_EVENT',
  'INGESTION.EVENT_TOO_LARGE',
  'INGESTION.BATCH_TOO_LARGE',
  'ADMIN.INVALID_MATCHER_CONFIG',
  'ADMIN.JOB_NOT_FOUND',
  'ADMIN.JOB_IN_PROGRESS',
  'ADMIN.STATS_UNUSED',
  'XREF.UNKNOWN_KEY',
  'XREF.UNKNOWN_ENTITY_TYPE',
  'XREF.TOO_MANY_KEYS',
  'GOLDEN.UNKNOWN_ID',
  'GOLDEN.RETIRED',
  'GOLDEN.DELETED',
  'STEWARDSHIP.REVIEW_ITEM_NOT_FOUND',
  'STEWARDSHIP.REVIEW_CLOSED',
  'STEWARDSHIP.UNKNOWN_RECORD',
  'STEWARDSHIP.UNKNOWN_GOLDEN_ID',
  'STEWARDSHIP.GOLDEN_NOT_ACTIVE',
  'STEWARDSHIP.NOT_A_MEMBER',
  'STEWARDSHIP.CONSTRAINT_NOT_FOUND',
  'STEWARDSHIP.CONSTRAINT_REVOKED',
  'STEWARDSHIP.CONSTRAINT_EXISTS',
  'STEWARDSHIP.CONSTRAINT_CONFLICT',
  'STEWARDSHIP.CANNOT_LINK_VIOLATION',
  'STEWARDSHIP.LINK_REFUSED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with one field: `field` is a dotted path such as `events[3].attributes.email`. */
export interface FieldProblem {
  field: string;
  reason: string;
}
