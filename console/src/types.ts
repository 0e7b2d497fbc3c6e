// The parts of the API's response shapes the console reads (openapi.yaml is the contract).

export type Role = 'reader' | 'ingest' | 'steward' | 'admin';

export interface MemberRef {
  domain: string;
  sourceId: string;
}

export interface Comparison {
  name: string;
  level: number;
  label: string;
  weight: number;
  termFrequency: number | null;
}

export interface Explanation {
  blockingKey: string | null;
  rule: string | null;
  priorWeight: number | null;
  comparisons: Comparison[];
  totalWeight: number | null;
  stewardRequest?: Record<string, unknown> | null;
}

export interface ReviewSide extends MemberRef {
  goldenId: string | null;
  attributes: Record<string, unknown> | null;
}

export interface ReviewItem {
  id: string;
  entityType: string;
  status: 'open' | 'decided' | 'superseded';
  reason: 'review_band' | 'constraint_conflict';
  score: number;
  probability: number;
  explanation: Explanation;
  assignee: string | null;
  createdAt: string;
  ageSeconds: number;
  decision: 'match' | 'no-match' | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  a: ReviewSide;
  b: ReviewSide;
}

export interface ReviewPage {
  items: ReviewItem[];
  nextCursor: string | null;
}

export interface EntitySnapshot {
  goldenId: string;
  members: MemberRef[];
}

export interface ReviewDecisionResult {
  item: ReviewItem;
  constraintId: string;
  entities: EntitySnapshot[];
}

export interface GovernanceSnapshot {
  openByAge: { lt1h: number; lt1d: number; lt7d: number; gte7d: number; total: number };
}

export interface GoldenMember extends MemberRef {
  linkedAt: string;
  cause: string;
}

export interface GoldenEntity {
  goldenId: string;
  entityType: string;
  status: 'active';
  version: number;
  splitFrom: string | null;
  createdAt: string;
  updatedAt: string;
  attributes: Record<string, { value: unknown; domain: string; sourceId: string }>;
  members: GoldenMember[];
}

export interface GoldenHistoryEvent {
  eventId: string;
  version: number;
  type: string;
  occurredAt: string;
  cause: string;
  members: MemberRef[];
  added?: MemberRef[];
  removed?: MemberRef[];
  splitFrom?: string;
  survivorId?: string;
  retiredIds?: string[];
  newIds?: string[];
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

export interface GoldenHistory {
  goldenId: string;
  status: 'active' | 'retired' | 'deleted';
  events: GoldenHistoryEvent[];
  nextAfter: number | null;
}

export interface MatchEdge {
  a: MemberRef;
  b: MemberRef;
  kind: string;
  score: number;
  probability: number;
  linkedAt: string;
  explanation: Explanation;
}

export interface GoldenExplain {
  goldenId: string;
  members: MemberRef[];
  edges: MatchEdge[];
  truncated: boolean;
}

export interface GoldenSearchResponse {
  entityType: string;
  q: string;
  results: Array<{
    goldenId: string;
    score: number;
    memberCount: number;
    attributes: Record<string, unknown>;
  }>;
}

export interface GoldenOperationResult {
  action: 'merge' | 'split' | 'move' | 'keep-out';
  entities: EntitySnapshot[];
  auditId: string;
}

export interface AuditEntry {
  id: string;
  occurredAt: string;
  actor: string;
  role: string;
  action: string;
  target: string;
  entityType: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export interface AuditPage {
  items: AuditEntry[];
  nextCursor: string | null;
}

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
] as const;
