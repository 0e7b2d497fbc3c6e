import type { ExplanationDto } from '../../core/matching/explanation.dto';
import type { XrefMemberDto } from '../xref/xref-response.dto';

export type { ComparisonDto, ExplanationDto } from '../../core/matching/explanation.dto';

/**
 * Response bodies of the golden-entity routes (openapi.yaml: GoldenEntity, GoldenHistory,
 * GoldenExplain, GoldenSearchResponse). Internal record ids never leave the service: a member is
 * always named by (domain, sourceId).
 */

export interface SurvivedAttributeDto {
  value: unknown;
  /** The member the value survived from. */
  domain: string;
  sourceId: string;
}

export interface GoldenEntityDto {
  goldenId: string;
  entityType: string;
  status: 'active';
  version: number;
  splitFrom: string | null;
  createdAt: string;
  updatedAt: string;
  attributes: Record<string, SurvivedAttributeDto>;
  members: XrefMemberDto[];
}

export interface MemberRefDto {
  domain: string;
  sourceId: string;
}

/** One golden event as published (docs/resolution.md, "Golden change events"). */
export interface GoldenHistoryEventDto {
  eventId: string;
  version: number;
  type: string;
  occurredAt: string;
  cause: string;
  members: MemberRefDto[];
  added?: MemberRefDto[];
  removed?: MemberRefDto[];
  splitFrom?: string;
  survivorId?: string;
  retiredIds?: string[];
  newIds?: string[];
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

export interface GoldenHistoryDto {
  goldenId: string;
  status: 'active' | 'retired' | 'deleted';
  events: GoldenHistoryEventDto[];
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: number | null;
}

export interface MatchEdgeDto {
  a: MemberRefDto;
  b: MemberRefDto;
  kind: string;
  score: number;
  probability: number;
  linkedAt: string;
  explanation: ExplanationDto;
}

export interface GoldenExplainDto {
  goldenId: string;
  members: MemberRefDto[];
  edges: MatchEdgeDto[];
  /** True when the entity has more edges than the response carries. */
  truncated: boolean;
}

export interface GoldenSearchHitDto {
  goldenId: string;
  /** 1 − Fuse.js score: 1 is a perfect match. */
  score: number;
  memberCount: number;
  attributes: Record<string, unknown>;
}

export interface GoldenSearchResponseDto {
  entityType: string;
  q: string;
  results: GoldenSearchHitDto[];
}
