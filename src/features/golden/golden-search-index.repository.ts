import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface IndexRound {
  /** Queued golden ids taken (0: nothing new, or another instance is indexing). */
  taken: number;
  /** Search rows written (new or changed text) and removed (entity no longer active). */
  written: number;
  removed: number;
}

/** Any constant: the advisory lock that lets one instance index at a time (per database). */
const INDEXER_LOCK = 0x4a53_4958; // "JSIX"

/**
 * SQL of the search indexer (migration 1764132000000): golden_search follows the golden events
 * through golden_search_queue, which the outbox append fills in the ingest transaction.
 *
 * One round is one transaction (the caller's): first the indexers' advisory lock (with several instances, one
 * indexes and the others skip the round), then, in a statement whose snapshot is taken after the
 * previous round committed, it takes queued ids out, rewrites their search rows from the golden
 * entities' current state (not an event's payload: re-reading the state is idempotent and already
 * includes any later change) and deletes those no longer active. A queued id becomes visible when
 * its change commits, so nothing is skipped whatever order transactions commit in.
 */
@Injectable()
export class GoldenSearchIndexRepository {
  async indexNext(m: EntityManager, limit: number): Promise<IndexRound> {
    const [lock]: Array<{ held: boolean }> = await m.query(`SELECT pg_try_advisory_xact_lock($1) AS held`, [
      INDEXER_LOCK,
    ]);
    if (!lock.held) return { taken: 0, written: 0, removed: 0 };
    // `removed` probes golden_entities by key rather than anti-joining `fresh`: the planner
    // estimates one row for a DELETE … RETURNING CTE, so the anti-join ran as a nested loop over
    // `fresh` (~1,000 × 1,000 comparisons, a third of the indexer's time at 100k stored). Both
    // read the same snapshot, so they agree on which entities are active.
    const [row]: IndexRound[] = await m.query(
      `WITH taken AS (
           DELETE FROM golden_search_queue
            WHERE ctid = ANY(ARRAY(SELECT ctid FROM golden_search_queue LIMIT $1))
           RETURNING golden_id
         ), ids AS (
           SELECT DISTINCT golden_id FROM taken
         ), fresh AS (
           SELECT g.golden_id, g.entity_type, joinery_golden_search_text(g.attributes) AS search_text
             FROM golden_entities g JOIN ids ON ids.golden_id = g.golden_id
            WHERE g.status = 'active'
         ), removed AS (
           DELETE FROM golden_search s USING ids
            WHERE s.golden_id = ids.golden_id
              AND NOT EXISTS (SELECT 1 FROM golden_entities g WHERE g.golden_id = s.golden_id AND g.status = 'active')
           RETURNING 1
         ), written AS (
           INSERT INTO golden_search (golden_id, entity_type, search_text)
           SELECT golden_id, entity_type, search_text FROM fresh
           ON CONFLICT (golden_id) DO UPDATE SET entity_type = EXCLUDED.entity_type, search_text = EXCLUDED.search_text
            WHERE (golden_search.entity_type, golden_search.search_text)
                  IS DISTINCT FROM (EXCLUDED.entity_type, EXCLUDED.search_text)
           RETURNING 1
         )
         SELECT (SELECT count(*) FROM taken)::int AS taken,
                (SELECT count(*) FROM written)::int AS written,
                (SELECT count(*) FROM removed)::int AS removed`,
      [limit],
    );
    return row;
  }
}
