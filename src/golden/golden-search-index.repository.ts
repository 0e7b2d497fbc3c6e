import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface IndexRound {
  /** Golden events read (0: nothing new, or another instance holds the cursor). */
  events: number;
  /** Search rows written (new or changed text) and removed (entity no longer active). */
  written: number;
  removed: number;
}

/**
 * SQL of the search indexer (migration 1764130000000): golden_search follows the golden events.
 *
 * One round is one statement, so it is atomic without a transaction of its own:
 * - it locks the cursor row (SKIP LOCKED: with several instances, one indexes and the others skip
 *   the round);
 * - reads the next events in (tx, id) order, only those of transactions older than the oldest one
 *   still running (`pg_snapshot_xmin`): every such transaction has ended, so no event can still
 *   appear behind the cursor, even one whose transaction took a lower outbox id and committed late;
 * - rewrites the search rows of the events' golden ids from their current state (not the event's
 *   payload: the state is idempotent to re-read and already includes any later change), deletes
 *   those no longer active, and moves the cursor.
 */
@Injectable()
export class GoldenSearchIndexRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async indexNext(limit: number): Promise<IndexRound> {
    const [row]: Array<{ events: number; written: number; removed: number }> = await this.dataSource.query(
      `WITH cur AS (
         SELECT last_tx, last_id FROM golden_search_cursor WHERE id = 1 FOR UPDATE SKIP LOCKED
       ), batch AS (
         -- The cursor as scalar subqueries (init plans): then the row comparison is an index bound;
         -- as a join it was a filter over every event before the cursor.
         SELECT o.tx, o.id, o.golden_id
           FROM golden_outbox o
          WHERE (o.tx, o.id) > ((SELECT last_tx FROM cur), (SELECT last_id FROM cur))
            AND o.tx < (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint
          ORDER BY o.tx, o.id
          LIMIT $1
       ), ids AS (
         SELECT DISTINCT golden_id FROM batch
       ), fresh AS (
         SELECT g.golden_id, g.entity_type, joinery_golden_search_text(g.attributes) AS search_text
           FROM golden_entities g JOIN ids ON ids.golden_id = g.golden_id
          WHERE g.status = 'active'
       ), removed AS (
         DELETE FROM golden_search s USING ids
          WHERE s.golden_id = ids.golden_id AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.golden_id = s.golden_id)
         RETURNING 1
       ), written AS (
         INSERT INTO golden_search (golden_id, entity_type, search_text)
         SELECT golden_id, entity_type, search_text FROM fresh
         ON CONFLICT (golden_id) DO UPDATE SET entity_type = EXCLUDED.entity_type, search_text = EXCLUDED.search_text
          WHERE (golden_search.entity_type, golden_search.search_text)
                IS DISTINCT FROM (EXCLUDED.entity_type, EXCLUDED.search_text)
         RETURNING 1
       ), moved AS (
         UPDATE golden_search_cursor c SET last_tx = l.tx, last_id = l.id, indexed_at = now()
           FROM (SELECT tx, id FROM batch ORDER BY tx DESC, id DESC LIMIT 1) l
          WHERE c.id = 1
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM batch)::int AS events,
              (SELECT count(*) FROM written)::int AS written,
              (SELECT count(*) FROM removed)::int AS removed,
              (SELECT count(*) FROM moved)::int AS moved`,
      [limit],
    );
    return { events: row.events, written: row.written, removed: row.removed };
  }
}
