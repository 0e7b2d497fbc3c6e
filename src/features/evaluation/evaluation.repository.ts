import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface RecordKey {
  entityType: string;
  domain: string;
  sourceId: string;
}

export interface LabelledPair {
  a: RecordKey;
  b: RecordKey;
  match: boolean;
}

const keyOf = (k: RecordKey): string => `${k.entityType}\u0000${k.domain}\u0000${k.sourceId}`;

/** SQL of accuracy scoring: the current golden id of source records, and the stewards' decisions as labels. */
@Injectable()
export class EvaluationRepository {
  /** Golden id of each resolved record (absent: unknown or deleted). */
  async goldenIds(m: EntityManager, keys: RecordKey[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows: Array<{ entity_type: string; domain: string; source_id: string; golden_id: string }> =
      await m.query(
        `SELECT r.entity_type, r.domain, r.source_id, r.golden_id
         FROM unnest($1::text[], $2::text[], $3::text[]) AS k(t, d, s)
         JOIN resolution_records r ON r.entity_type = k.t AND r.domain = k.d AND r.source_id = k.s`,
        [keys.map((k) => k.entityType), keys.map((k) => k.domain), keys.map((k) => k.sourceId)],
      );
    return new Map(
      rows.map((r) => [
        keyOf({ entityType: r.entity_type, domain: r.domain, sourceId: r.source_id }),
        r.golden_id,
      ]),
    );
  }

  /**
   * Steward decisions as labels: active constraints (must-link: same, cannot-link: apart) and
   * decided review items whose pair has no active constraint. One label per pair.
   */
  async stewardLabels(m: EntityManager, entityType: string | null): Promise<LabelledPair[]> {
    const rows: Array<{
      entity_type: string;
      da: string;
      sa: string;
      db: string;
      sb: string;
      match: boolean;
    }> = await m.query(
      `WITH labels AS (
         SELECT entity_type, record_a, record_b, kind = 'must_link' AS match, 0 AS rank
           FROM link_constraints WHERE revoked_at IS NULL
         UNION ALL
         SELECT entity_type, record_a, record_b, decision = 'match', 1
           FROM review_items WHERE status = 'decided' AND decision IN ('match', 'no-match')
       ), one AS (
         SELECT DISTINCT ON (record_a, record_b) entity_type, record_a, record_b, match
           FROM labels WHERE $1::text IS NULL OR entity_type = $1
          ORDER BY record_a, record_b, rank
       )
       SELECT one.entity_type, a.domain AS da, a.source_id AS sa, b.domain AS db, b.source_id AS sb, one.match
         FROM one JOIN source_records a ON a.id = one.record_a JOIN source_records b ON b.id = one.record_b`,
      [entityType],
    );
    return rows.map((r) => ({
      a: { entityType: r.entity_type, domain: r.da, sourceId: r.sa },
      b: { entityType: r.entity_type, domain: r.db, sourceId: r.sb },
      match: r.match,
    }));
  }
}

export { keyOf };
