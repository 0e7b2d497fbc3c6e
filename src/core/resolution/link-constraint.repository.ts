import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ConstraintKind } from './link-constraint.entity';
import type { RecordPair } from './record-pair';
import { updateReturning } from '../../platform/database/update-returning';

export interface ActiveConstraint {
  id: string;
  kind: ConstraintKind;
  a: string;
  b: string;
}

export interface ConstraintRow extends ActiveConstraint {
  entityType: string;
  revokedAt: Date | null;
}

/** SQL of steward link constraints. At most one active constraint per pair (uq_link_constraints_active). */
@Injectable()
export class LinkConstraintRepository {
  /** Active constraints with at least one end in the set. */
  async activeTouching(m: EntityManager, recordIds: string[]): Promise<ActiveConstraint[]> {
    if (recordIds.length === 0) return [];
    return m.query(
      `SELECT id::text, kind, record_a::text AS a, record_b::text AS b FROM link_constraints
        WHERE revoked_at IS NULL AND (record_a = ANY($1::bigint[]) OR record_b = ANY($1::bigint[]))`,
      [recordIds],
    );
  }

  /** The active constraint of each pair that has one, locked until the transaction ends. */
  async activeOnPairs(m: EntityManager, pairs: RecordPair[]): Promise<ActiveConstraint[]> {
    if (pairs.length === 0) return [];
    return m.query(
      `SELECT c.id::text, c.kind, c.record_a::text AS a, c.record_b::text AS b
         FROM link_constraints c
         JOIN unnest($1::bigint[], $2::bigint[]) AS p(a, b) ON c.record_a = p.a AND c.record_b = p.b
        WHERE c.revoked_at IS NULL
        ORDER BY c.id
        FOR UPDATE OF c`,
      [pairs.map((p) => p.a), pairs.map((p) => p.b)],
    );
  }

  /** Active cannot-links with one end in `xs` and the other in `ys`. */
  async cannotLinksBetween(m: EntityManager, xs: string[], ys: string[]): Promise<ActiveConstraint[]> {
    if (xs.length === 0 || ys.length === 0) return [];
    return m.query(
      `SELECT id::text, kind, record_a::text AS a, record_b::text AS b FROM link_constraints
        WHERE revoked_at IS NULL AND kind = 'cannot_link'
          AND ((record_a = ANY($1::bigint[]) AND record_b = ANY($2::bigint[]))
            OR (record_a = ANY($2::bigint[]) AND record_b = ANY($1::bigint[])))
        ORDER BY id`,
      [xs, ys],
    );
  }

  /**
   * New active constraints. A pair that gained an active constraint concurrently is skipped (the
   * caller compares the count and retries); `auto_edge` notes whether the matcher had linked it.
   */
  async insert(
    m: EntityManager,
    entityType: string,
    kind: ConstraintKind,
    pairs: RecordPair[],
    createdBy: string,
    reason: string,
  ): Promise<Array<{ id: string; a: string; b: string }>> {
    if (pairs.length === 0) return [];
    return m.query(
      `INSERT INTO link_constraints (entity_type, kind, record_a, record_b, created_by, reason, auto_edge)
       SELECT $1, $2, p.a, p.b, $5, $6,
              EXISTS (SELECT 1 FROM match_edges e WHERE e.record_a = p.a AND e.record_b = p.b AND e.kind = 'auto')
         FROM unnest($3::bigint[], $4::bigint[]) AS p(a, b)
       ON CONFLICT (record_a, record_b) WHERE revoked_at IS NULL DO NOTHING
       RETURNING id::text, record_a::text AS a, record_b::text AS b`,
      [entityType, kind, pairs.map((p) => p.a), pairs.map((p) => p.b), createdBy, reason],
    );
  }

  /** Revokes the still-active ones among `ids`; returns those it revoked. */
  async revoke(m: EntityManager, ids: string[], revokedBy: string, reason: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await updateReturning<{ id: string }>(
      m,
      `UPDATE link_constraints SET revoked_at = now(), revoked_by = $2, revoke_reason = $3
        WHERE id = ANY($1::bigint[]) AND revoked_at IS NULL
        RETURNING id::text`,
      [ids, revokedBy, reason],
    );
    return rows.map((r) => r.id);
  }

  /** One constraint, locked until the transaction ends. */
  async lock(m: EntityManager, id: string): Promise<ConstraintRow | null> {
    const [row]: Array<{
      id: string;
      entity_type: string;
      kind: ConstraintKind;
      a: string;
      b: string;
      revoked_at: Date | null;
    }> = await m.query(
      `SELECT id::text, entity_type, kind, record_a::text AS a, record_b::text AS b, revoked_at
         FROM link_constraints WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) return null;
    return {
      id: row.id,
      entityType: row.entity_type,
      kind: row.kind,
      a: row.a,
      b: row.b,
      revokedAt: row.revoked_at,
    };
  }
}
