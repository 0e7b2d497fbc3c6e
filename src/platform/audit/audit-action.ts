/** Every audited action (openapi.yaml: AuditAction). */
export const AUDIT_ACTIONS = [
  'review.assign',
  'review.decide',
  'constraint.create',
  'constraint.revoke',
  'golden.merge',
  'golden.merge-sent-to-review',
  'golden.split',
  'golden.move',
  'golden.keep-out',
  'api_key.create',
  'api_key.revoke',
  'pii.read',
  'record.reset-ordering',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
