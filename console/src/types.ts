// The API's response shapes the console reads, named from openapi.yaml (the contract): nothing is
// restated by hand. `npm run console:types` regenerates ./openapi.gen.ts from openapi.yaml, and
// scripts/console-types.spec.ts fails when the generated file is not current.
import type { components } from './openapi.gen';

type Schemas = components['schemas'];

export type Role = Schemas['Role'];
export type MemberRef = Schemas['MemberRef'];
export type Comparison = Schemas['Comparison'];
/** A match edge's explanation, or a review item's (which adds what a steward asked, and the guard). */
export type Explanation = Schemas['Explanation'] & Partial<Schemas['ReviewExplanation']>;
export type ReviewSide = Schemas['ReviewSide'];
export type ReviewItem = Schemas['ReviewItem'];
export type ReviewPage = Schemas['ReviewPage'];
export type EntitySnapshot = Schemas['EntitySnapshot'];
export type ReviewDecisionResult = Schemas['ReviewDecisionResult'];
export type GovernanceSnapshot = Schemas['GovernanceSnapshot'];
export type GoldenMember = Schemas['XrefMember'];
export type GoldenEntity = Schemas['GoldenEntity'];
export type GoldenHistoryEvent = Schemas['GoldenHistoryEvent'];
export type GoldenHistory = Schemas['GoldenHistory'];
export type MatchEdge = Schemas['MatchEdge'];
export type GoldenExplain = Schemas['GoldenExplain'];
export type GoldenSearchResponse = Schemas['GoldenSearchResponse'];
export type GoldenOperationResult = Schemas['GoldenOperationResult'];
export type AuditAction = Schemas['AuditAction'];
export type AuditEntry = Schemas['AuditEntry'];
export type AuditPage = Schemas['AuditPage'];

/** Every audit action, for the audit page's filter: the record below fails to compile when one is missing. */
const AUDIT_ACTION_SET: Record<AuditAction, true> = {
  'review.assign': true,
  'review.decide': true,
  'constraint.create': true,
  'constraint.revoke': true,
  'golden.merge': true,
  'golden.merge-sent-to-review': true,
  'golden.split': true,
  'golden.move': true,
  'golden.keep-out': true,
  'api_key.create': true,
  'api_key.revoke': true,
  'pii.read': true,
  'record.reset-ordering': true,
};
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_SET) as AuditAction[];
