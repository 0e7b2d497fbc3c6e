import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Explanation } from '../../engine';
import type { RecordPair } from './record-pair';
import type { ReviewReason, ReviewStatus } from './review-item.entity';
import { updateReturning } from '../../platform/database/update-returning';

export interface NewReviewItem {
  a: string;
  b: string;
  reason: ReviewReason;
  scored: { score: number; probability: number; explanation: Explanation };
}

export type ReviewDecision = 'match' | 'no-match';

export interface LockedReviewItem extends RecordPair {
  id: string;
  entityType: string;
  status: ReviewStatus;
  score: number;
  probability: number;
  explanation: unknown;
  decision: ReviewDecision | null;
  decidedBy: string | null;
  assignee: string | null;
}

/**
 * Whether a steward has already answered the pair (records `a`, `b`, reason `r`): a constraint on
 * exactly this pair, or, for a review-band pair, a cannot-link between the two records' current
 * entities (the steward said one entity is not the other, so neither are their records). A
 * constraint-conflict item is about a guard, not the pair: only its own constraint answers it.
 */
function answered(a: string, b: string, r: string): string {
  return `(EXISTS (SELECT 1 FROM link_constraints c
                    WHERE c.record_a = ${a} AND c.record_b = ${b} AND c.revoked_at IS NULL)
           OR (${r} = 'review_band' AND EXISTS (
                SELECT 1 FROM resolution_records ra
                  JOIN resolution_records rb ON rb.record_id = ${b}
                  JOIN resolution_records x ON x.golden_id = ra.golden_id
                  JOIN link_constraints c ON c.revoked_at IS NULL AND c.kind = 'cannot_link'
                                         AND (c.record_a = x.record_id OR c.record_b = x.record_id)
                  JOIN resolution_records y
                    ON y.record_id = CASE WHEN c.record_a = x.record_id THEN c.record_b ELSE c.record_a END
                 WHERE ra.record_id = ${a} AND y.golden_id = rb.golden_id)))`;
}

/** SQL of the review queue's writes (reads with record details: ReviewQueueRepository). */
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

  /** The open review-band items whose lower record is one of `recordIds`. */
  async openReviewBandFrom(m: EntityManager, recordIds: string[]): Promise<RecordPair[]> {
    if (recordIds.length === 0) return [];
    return m.query(
      `SELECT record_a::text AS a, record_b::text AS b FROM review_items
        WHERE record_a = ANY($1::bigint[]) AND status = 'open' AND reason = 'review_band'`,
      [recordIds],
    );
  }

  /**
   * Supersedes the open items of the pairs (a < b) whose question is gone: a review-band pair that
   * was never to be scored, or a constraint conflict about an automatic edge since removed. A
   * steward's merge sent to review (`explanation.steward`) asks about the entities, not the edge,
   * and stays.
   */
  async supersedeStale(m: EntityManager, items: Array<RecordPair & { reason: ReviewReason }>): Promise<void> {
    if (items.length === 0) return;
    await m.query(
      `UPDATE review_items r SET status = 'superseded'
         FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS p(a, b, reason)
        WHERE r.record_a = p.a AND r.record_b = p.b AND r.status = 'open' AND r.reason = p.reason
          AND r.explanation -> 'steward' IS NULL`,
      [items.map((p) => p.a), items.map((p) => p.b), items.map((p) => p.reason)],
    );
  }

  /**
   * Queues uncertain pairs, except those a steward already answered: re-scoring a record must not
   * ask the same question twice.
   */
  async open(m: EntityManager, entityType: string, items: NewReviewItem[]): Promise<void> {
    if (items.length === 0) return;
    await m.query(
      `INSERT INTO review_items (entity_type, record_a, record_b, reason, score, probability, explanation)
       SELECT $1, a, b, r, s, p, e FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::float8[], $6::float8[], $7::jsonb[]) AS t(a, b, r, s, p, e)
        WHERE NOT ${answered('t.a', 't.b', 't.r')}
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

  /**
   * Queues one pair whatever its constraints (a steward's merge that a cannot-link blocked) and
   * returns the open item of the pair: the new one, or the one already open.
   */
  async openForSteward(
    m: EntityManager,
    entityType: string,
    item: RecordPair & { score: number; probability: number; explanation: unknown },
  ): Promise<string> {
    const inserted: Array<{ id: string }> = await m.query(
      `INSERT INTO review_items (entity_type, record_a, record_b, reason, score, probability, explanation)
       VALUES ($1, $2, $3, 'constraint_conflict', $4, $5, $6::jsonb)
       ON CONFLICT (record_a, record_b) WHERE status = 'open' DO NOTHING
       RETURNING id::text`,
      [entityType, item.a, item.b, item.score, item.probability, JSON.stringify(item.explanation)],
    );
    if (inserted.length > 0) return inserted[0].id;
    const [open]: Array<{ id: string }> = await m.query(
      `SELECT id::text FROM review_items WHERE record_a = $1 AND record_b = $2 AND status = 'open'`,
      [item.a, item.b],
    );
    return open.id;
  }

  /** One item, locked until the transaction ends (a second decision waits, then sees it closed). */
  async lock(m: EntityManager, id: string): Promise<LockedReviewItem | null> {
    const [row]: Array<{
      id: string;
      entity_type: string;
      a: string;
      b: string;
      status: ReviewStatus;
      score: number;
      probability: number;
      explanation: unknown;
      decision: ReviewDecision | null;
      decided_by: string | null;
      assignee: string | null;
    }> = await m.query(
      `SELECT id::text, entity_type, record_a::text AS a, record_b::text AS b, status, score, probability,
              explanation, decision, decided_by, assignee
         FROM review_items WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) return null;
    return {
      id: row.id,
      entityType: row.entity_type,
      a: row.a,
      b: row.b,
      status: row.status,
      score: row.score,
      probability: row.probability,
      explanation: row.explanation,
      decision: row.decision,
      decidedBy: row.decided_by,
      assignee: row.assignee,
    };
  }

  async assign(m: EntityManager, id: string, assignee: string | null): Promise<void> {
    await m.query(`UPDATE review_items SET assignee = $2 WHERE id = $1`, [id, assignee]);
  }

  /** Closes the open items of the pairs as decided; returns the ids closed. */
  async decidePairs(
    m: EntityManager,
    pairs: RecordPair[],
    decision: ReviewDecision,
    decidedBy: string,
    reason: string,
  ): Promise<string[]> {
    if (pairs.length === 0) return [];
    const rows = await updateReturning<{ id: string }>(
      m,
      `UPDATE review_items r
          SET status = 'decided', decision = $3, decided_by = $4, decision_reason = $5, decided_at = now()
         FROM unnest($1::bigint[], $2::bigint[]) AS p(a, b)
        WHERE r.record_a = p.a AND r.record_b = p.b AND r.status = 'open'
        RETURNING r.id::text`,
      [pairs.map((p) => p.a), pairs.map((p) => p.b), decision, decidedBy, reason],
    );
    return rows.map((r) => r.id);
  }

  async openIdsTouching(m: EntityManager, recordIds: string[]): Promise<string[]> {
    if (recordIds.length === 0) return [];
    const rows: Array<{ id: string }> = await m.query(
      `SELECT id::text FROM review_items
        WHERE status = 'open' AND (record_a = ANY($1::bigint[]) OR record_b = ANY($1::bigint[]))`,
      [recordIds],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Re-opens superseded items whose question still stands: both records live, in different golden
   * entities, not answered by a steward, and no other open item for the pair. A steward's recluster
   * supersedes every open item of its records, though their attributes (and so these scores) did
   * not change.
   */
  async reopenStillUncertain(m: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await m.query(
      `UPDATE review_items r SET status = 'open'
         FROM resolution_records ra, resolution_records rb
        WHERE r.id = ANY($1::bigint[]) AND r.status = 'superseded'
          AND ra.record_id = r.record_a AND rb.record_id = r.record_b AND ra.golden_id <> rb.golden_id
          AND NOT ${answered('r.record_a', 'r.record_b', 'r.reason')}
          AND NOT EXISTS (SELECT 1 FROM review_items o
                           WHERE o.record_a = r.record_a AND o.record_b = r.record_b AND o.status = 'open')`,
      [ids],
    );
  }
}
