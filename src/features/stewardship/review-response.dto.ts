import type { ExplanationDto } from '../../core/matching/explanation.dto';
import type { ReviewReason, ReviewStatus } from '../../core/resolution/review-item.entity';
import type { ReviewDecision } from '../../core/resolution/review.repository';
import type { EntitySnapshot } from './steward-record.repository';

/**
 * Response bodies of the review routes (openapi.yaml: ReviewItem, ReviewPage, ReviewDecisionResult,
 * GovernanceSnapshot). Records are named by (domain, sourceId); internal ids never leave the service.
 */

/** One side of a pair, as it is now. */
export interface ReviewSideDto {
  domain: string;
  sourceId: string;
  /** null once the record is deleted. */
  goldenId: string | null;
  /** The record's current source attributes; null once it is deleted. */
  attributes: Record<string, unknown> | null;
}

export interface ReviewExplanationDto extends ExplanationDto {
  /** For an item a steward's request opened (a merge a cannot-link blocked): what was asked. */
  stewardRequest: Record<string, unknown> | null;
  /** For a constraint_conflict the resolution guard that refused the link (docs/resolution.md). */
  guard: string | null;
}

export interface ReviewItemDto {
  id: string;
  entityType: string;
  status: ReviewStatus;
  reason: ReviewReason;
  score: number;
  probability: number;
  explanation: ReviewExplanationDto;
  assignee: string | null;
  createdAt: string;
  /** Seconds since the item was opened. */
  ageSeconds: number;
  decision: ReviewDecision | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  a: ReviewSideDto;
  b: ReviewSideDto;
}

export interface ReviewPageDto {
  items: ReviewItemDto[];
  /** Pass as `cursor` (with the same filters and sort) for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface ReviewDecisionResultDto {
  item: ReviewItemDto;
  /** The constraint that records the decision (must_link for a match, cannot_link for a no-match). */
  constraintId: string;
  /** The golden entities of both records after the decision. */
  entities: EntitySnapshot[];
}

export interface GovernanceSnapshotDto {
  entityType: string | null;
  generatedAt: string;
  /** Open review items by age: under an hour, under a day, under a week, older. */
  openByAge: { lt1h: number; lt1d: number; lt7d: number; gte7d: number; total: number };
  /** Review decisions per UTC day over the last `days` days (days without decisions omitted). */
  decisionsPerDay: Array<{ day: string; match: number; noMatch: number }>;
  /**
   * Pairs the matcher had linked automatically that a steward then ruled on (a decision, a
   * constraint, a split or keep-out), and how many of them the steward ruled apart.
   */
  autoLinkOverturn: { reviewedPairs: number; overturnedPairs: number; share: number | null };
}
