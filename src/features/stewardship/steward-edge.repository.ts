import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { RecordPair } from '../../core/resolution/record-pair';

export interface StewardEdge extends RecordPair {
  score: number;
  probability: number;
  explanation: unknown;
}

/**
 * Steward links in match_edges (kind 'steward'). They rank above every score when clusters are
 * recomputed, survive the re-scoring of their records (which replaces only automatic edges), and
 * let resolution reach the linked records when either one changes. Every steward edge goes with an
 * active must-link constraint; revoking the constraint removes the edge.
 */
@Injectable()
export class StewardEdgeRepository {
  /**
   * Adds steward edges; an automatic edge on the same pair becomes a steward edge, keeping the
   * matcher's score and explanation and gaining the steward's note.
   */
  async link(m: EntityManager, entityType: string, edges: StewardEdge[]): Promise<void> {
    if (edges.length === 0) return;
    await m.query(
      `INSERT INTO match_edges (record_a, record_b, entity_type, kind, score, probability, explanation)
       SELECT a, b, $1, 'steward', s, p, e
         FROM unnest($2::bigint[], $3::bigint[], $4::float8[], $5::float8[], $6::jsonb[]) AS t(a, b, s, p, e)
       ON CONFLICT (record_a, record_b) DO UPDATE
         SET kind = 'steward',
             explanation = match_edges.explanation || jsonb_build_object('steward', EXCLUDED.explanation -> 'steward')`,
      [
        entityType,
        edges.map((e) => e.a),
        edges.map((e) => e.b),
        edges.map((e) => e.score),
        edges.map((e) => e.probability),
        edges.map((e) => JSON.stringify(e.explanation)),
      ],
    );
  }

  /**
   * Removes steward edges. The pair's next re-scoring may link it again automatically, as the
   * matcher sees fit: revoking a must-link is not a cannot-link.
   */
  async unlink(m: EntityManager, pairs: RecordPair[]): Promise<void> {
    if (pairs.length === 0) return;
    await m.query(
      `DELETE FROM match_edges e USING unnest($1::bigint[], $2::bigint[]) AS p(a, b)
        WHERE e.record_a = p.a AND e.record_b = p.b AND e.kind = 'steward'`,
      [pairs.map((p) => p.a), pairs.map((p) => p.b)],
    );
  }

  /**
   * Automatic edges for pairs the matcher links, where a removed steward link was: what the pair's
   * next re-scoring would write anyway.
   */
  async restoreAuto(m: EntityManager, entityType: string, edges: StewardEdge[]): Promise<void> {
    if (edges.length === 0) return;
    await m.query(
      `INSERT INTO match_edges (record_a, record_b, entity_type, kind, score, probability, explanation)
       SELECT a, b, $1, 'auto', s, p, e
         FROM unnest($2::bigint[], $3::bigint[], $4::float8[], $5::float8[], $6::jsonb[]) AS t(a, b, s, p, e)
       ON CONFLICT (record_a, record_b) DO NOTHING`,
      [
        entityType,
        edges.map((e) => e.a),
        edges.map((e) => e.b),
        edges.map((e) => e.score),
        edges.map((e) => e.probability),
        edges.map((e) => JSON.stringify(e.explanation)),
      ],
    );
  }
}
