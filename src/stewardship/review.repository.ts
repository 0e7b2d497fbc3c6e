import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Explanation } from '../engine';
import type { ReviewReason } from './review-item.entity';

export interface NewReviewItem {
  a: string;
  b: string;
  reason: ReviewReason;
  scored: { score: number; probability: number; explanation: Explanation };
}

/** SQL of the review queue. */
@Injectable()
export class ReviewRepository {
  /** Open items about re-evaluated records no longer describe their current state. */
  async supersedeOpen(m: EntityManager, recordIds: string[]): Promise<void> {
    if (recordIds.length === 0) return;
    await m.query(
      `UPDATE review_items SET status = 'superseded'
        WHERE status = 'open' AND (record_a = ANY($1::bigint[]) OR record_b = ANY($1::bigint[]))`,
      [recordIds],
    );
  }

  async open(m: EntityManager, entityType: string, items: NewReviewItem[]): Promise<void> {
    if (items.length === 0) return;
    await m.query(
      `INSERT INTO review_items (entity_type, record_a, record_b, reason, score, probability, explanation)
       SELECT $1, a, b, r, s, p, e FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::float8[], $6::float8[], $7::jsonb[]) AS t(a, b, r, s, p, e)
       ON CONFLICT (record_a, record_b) WHERE status = 'open' DO NOTHING`,
      [
        entityType,
        items.map((i) => i.a),
        items.map((i) => i.b),
        items.map((i) => i.reason),
        items.map((i) => i.scored.score),
        items.map((i) => i.scored.probability),
        items.map((i) => JSON.stringify(i.scored.explanation)),
      ],
    );
  }
}
