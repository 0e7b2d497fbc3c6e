import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ReviewReason, ReviewStatus } from '../../core/resolution/review-item.entity';
import { reviewExplanationOf } from './review-explanation';
import type { ReviewItemDto } from './review-response.dto';
import type { ReviewDecision } from '../../core/resolution/review.repository';

export type ReviewSort = 'score' | 'age';
export type SortOrder = 'asc' | 'desc';

export interface ReviewQueueFilter {
  entityType?: string;
  status: ReviewStatus;
  assignee?: string;
  sort: ReviewSort;
  order: SortOrder;
  /** The sort key and id of the previous page's last item. */
  after?: { key: number | string; id: string };
  limit: number;
}

/** A page row: the item, and the key to continue after it. */
export interface ReviewQueueRow {
  item: ReviewItemDto;
  key: number | string;
}

/**
 * Keyset order of each sort. "age desc" is the oldest first (the queue's natural order); the age
 * key is created_at as UTC text with microseconds, which casts back exactly.
 */
const ORDERS: Record<ReviewSort, Record<SortOrder, { by: string; keyset: string }>> = {
  score: {
    desc: { by: 'ri.score DESC, ri.id DESC', keyset: '(ri.score, ri.id) < ($5::float8, $6::bigint)' },
    asc: { by: 'ri.score ASC, ri.id ASC', keyset: '(ri.score, ri.id) > ($5::float8, $6::bigint)' },
  },
  age: {
    desc: {
      by: 'ri.created_at ASC, ri.id ASC',
      keyset: '(ri.created_at, ri.id) > ($5::timestamptz, $6::bigint)',
    },
    asc: {
      by: 'ri.created_at DESC, ri.id DESC',
      keyset: '(ri.created_at, ri.id) < ($5::timestamptz, $6::bigint)',
    },
  },
};

const SELECT = `
  SELECT ri.id::text, ri.entity_type, ri.status, ri.reason, ri.score, ri.probability, ri.explanation,
         ri.assignee, ri.created_at, ri.decision, ri.decided_by, ri.decided_at, ri.decision_reason,
         to_char(ri.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key,
         floor(extract(epoch FROM now() - ri.created_at))::int AS age_seconds,
         sa.domain AS a_domain, sa.source_id AS a_source_id,
         CASE WHEN sa.deleted THEN NULL ELSE sa.attributes END AS a_attributes, ra.golden_id AS a_golden_id,
         sb.domain AS b_domain, sb.source_id AS b_source_id,
         CASE WHEN sb.deleted THEN NULL ELSE sb.attributes END AS b_attributes, rb.golden_id AS b_golden_id
    FROM review_items ri
    JOIN source_records sa ON sa.id = ri.record_a
    JOIN source_records sb ON sb.id = ri.record_b
    LEFT JOIN resolution_records ra ON ra.record_id = ri.record_a
    LEFT JOIN resolution_records rb ON rb.record_id = ri.record_b`;

interface Row {
  id: string;
  entity_type: string;
  status: ReviewStatus;
  reason: ReviewReason;
  score: number;
  probability: number;
  explanation: unknown;
  assignee: string | null;
  created_at: Date;
  decision: ReviewDecision | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  created_key: string;
  age_seconds: number;
  a_domain: string;
  a_source_id: string;
  a_attributes: Record<string, unknown> | null;
  a_golden_id: string | null;
  b_domain: string;
  b_source_id: string;
  b_attributes: Record<string, unknown> | null;
  b_golden_id: string | null;
}

/** Reads of the review queue with both records' current state. */
@Injectable()
export class ReviewQueueRepository {
  async list(m: EntityManager, f: ReviewQueueFilter): Promise<ReviewQueueRow[]> {
    const order = ORDERS[f.sort][f.order];
    const rows: Row[] = await m.query(
      `${SELECT}
        WHERE ($1::text IS NULL OR ri.entity_type = $1) AND ri.status = $2
          AND ($3::text IS NULL OR ri.assignee = $3)
          AND ($6::bigint IS NULL OR ${order.keyset})
        ORDER BY ${order.by}
        LIMIT $4`,
      [
        f.entityType ?? null,
        f.status,
        f.assignee ?? null,
        f.limit,
        f.after?.key ?? null,
        f.after?.id ?? null,
      ],
    );
    return rows.map((r) => ({ item: toDto(r), key: f.sort === 'score' ? r.score : r.created_key }));
  }

  async get(m: EntityManager, id: string): Promise<ReviewItemDto | null> {
    const [row]: Row[] = await m.query(`${SELECT} WHERE ri.id = $1`, [id]);
    return row ? toDto(row) : null;
  }
}

function toDto(r: Row): ReviewItemDto {
  return {
    id: r.id,
    entityType: r.entity_type,
    status: r.status,
    reason: r.reason,
    score: r.score,
    probability: r.probability,
    explanation: reviewExplanationOf(r.explanation),
    assignee: r.assignee,
    createdAt: r.created_at.toISOString(),
    ageSeconds: Math.max(0, r.age_seconds),
    decision: r.decision,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionReason: r.decision_reason,
    a: { domain: r.a_domain, sourceId: r.a_source_id, goldenId: r.a_golden_id, attributes: r.a_attributes },
    b: { domain: r.b_domain, sourceId: r.b_source_id, goldenId: r.b_golden_id, attributes: r.b_attributes },
  };
}
