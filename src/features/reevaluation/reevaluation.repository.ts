import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AppliedChange } from '../../core/ingestion/record-change.handler';
import type { EdgeKind } from '../../core/resolution/match-edge.entity';

/** Resolution state of one entity type, as a matcher diff compares it. */
export interface ResolutionState {
  /** `a:b` (a < b) → the edge. */
  edges: Map<string, { a: string; b: string; kind: EdgeKind; score: number }>;
  /** record id → golden id, for every resolved record. */
  goldenOf: Map<string, string>;
  /** record id → its source key. */
  refs: Map<string, { domain: string; sourceId: string }>;
  openReviewItems: number;
}

/**
 * SQL of re-evaluation: live source records in id order (the cursor of a job), the state a diff
 * compares, and records resolution still holds although their source is gone (for a rebuild).
 */
@Injectable()
export class ReevaluationRepository {
  /** The next `limit` live records of the type after `cursor`, as upserts of their current state. */
  async liveRecordsAfter(
    m: EntityManager,
    entityType: string,
    cursor: string,
    limit: number,
  ): Promise<AppliedChange[]> {
    const rows: Array<{
      id: string;
      domain: string;
      source_id: string;
      attributes: Record<string, unknown>;
      references: unknown[];
      last_event_id: string;
      occurred_at: Date;
    }> = await m.query(
      `SELECT id::text, domain, source_id, attributes, "references", last_event_id, occurred_at
         FROM source_records
        WHERE entity_type = $1 AND NOT deleted AND id > $2::bigint
        ORDER BY source_records.id LIMIT $3`,
      [entityType, cursor, limit],
    );
    return rows.map((r) => ({
      recordId: r.id,
      entityType,
      domain: r.domain,
      sourceId: r.source_id,
      op: 'upsert',
      attributes: r.attributes,
      references: r.references,
      eventId: r.last_event_id,
      occurredAt: r.occurred_at,
    }));
  }

  async countLive(m: EntityManager, entityType: string): Promise<number> {
    const [row]: Array<{ n: number }> = await m.query(
      `SELECT count(*)::int AS n FROM source_records WHERE entity_type = $1 AND NOT deleted`,
      [entityType],
    );
    return row.n;
  }

  /** Resolved records whose source record is deleted or gone: a rebuild deletes them. */
  async orphans(m: EntityManager, entityType: string): Promise<AppliedChange[]> {
    const rows: Array<{ record_id: string; domain: string; source_id: string }> = await m.query(
      `SELECT r.record_id::text, r.domain, r.source_id FROM resolution_records r
         LEFT JOIN source_records s ON s.id = r.record_id
        WHERE r.entity_type = $1 AND (s.id IS NULL OR s.deleted)
        ORDER BY r.record_id`,
      [entityType],
    );
    return rows.map((r) => ({
      recordId: r.record_id,
      entityType,
      domain: r.domain,
      sourceId: r.source_id,
      op: 'delete',
      attributes: null,
      references: [],
      eventId: 'rebuild',
      occurredAt: new Date(),
    }));
  }

  async state(m: EntityManager, entityType: string): Promise<ResolutionState> {
    const edges: Array<{ a: string; b: string; kind: EdgeKind; score: number }> = await m.query(
      `SELECT record_a::text AS a, record_b::text AS b, kind, score FROM match_edges WHERE entity_type = $1`,
      [entityType],
    );
    const records: Array<{ record_id: string; golden_id: string; domain: string; source_id: string }> =
      await m.query(
        `SELECT record_id::text, golden_id, domain, source_id FROM resolution_records WHERE entity_type = $1`,
        [entityType],
      );
    const [reviews]: Array<{ n: number }> = await m.query(
      `SELECT count(*)::int AS n FROM review_items WHERE entity_type = $1 AND status = 'open'`,
      [entityType],
    );
    return {
      edges: new Map(edges.map((e) => [`${e.a}:${e.b}`, e])),
      goldenOf: new Map(records.map((r) => [r.record_id, r.golden_id])),
      refs: new Map(records.map((r) => [r.record_id, { domain: r.domain, sourceId: r.source_id }])),
      openReviewItems: reviews.n,
    };
  }
}
