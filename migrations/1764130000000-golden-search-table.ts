import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fuzzy search's trigram index moves off the ingest transaction (docs/xref.md "Search"): the
 * expression index on golden_entities made every golden write add ~150 trigrams to a GIN index, a
 * third of PostgreSQL's work per new record at 1M stored (docs/benchmarks.md "Profile"). Now
 * - golden_search holds one row per active golden entity (its search text), with the trigram
 *   index, and is written only by the search indexer (src/golden/golden-search.indexer.ts);
 * - the indexer follows the golden events: golden_outbox.tx is the id of the transaction that
 *   appended an event (a default, so the ingest path writes nothing more), and
 *   golden_search_cursor the last (tx, id) it indexed. Events are read in (tx, id) order and only
 *   below the oldest transaction still running, so an event committed late, behind a higher id,
 *   is never skipped.
 * The table is filled here from the current golden entities, with the cursor at the oldest running
 * transaction: whatever commits after this migration's snapshot is the indexer's.
 */
export class GoldenSearchTable1764130000000 implements MigrationInterface {
  name = 'GoldenSearchTable1764130000000';

  async up(q: QueryRunner): Promise<void> {
    // Rows already there get 0: they are covered by the fill below, not by the indexer.
    await q.query(`ALTER TABLE golden_outbox ADD COLUMN tx bigint NOT NULL DEFAULT 0`);
    // A function, not the expression: xid8 has no cast to bigint but through text, and TypeORM's
    // schema diff strips casts from a default it reads back, so it would never match the entity.
    await q.query(`
      CREATE FUNCTION joinery_current_tx() RETURNS bigint LANGUAGE sql VOLATILE
      AS $$ SELECT (pg_current_xact_id()::text)::bigint $$`);
    await q.query(`ALTER TABLE golden_outbox ALTER COLUMN tx SET DEFAULT joinery_current_tx()`);
    await q.query(`CREATE INDEX ix_golden_outbox_tx ON golden_outbox (tx, id)`);
    await q.query(`
      CREATE TABLE golden_search_cursor (
        id smallint NOT NULL CONSTRAINT pk_golden_search_cursor PRIMARY KEY
          CONSTRAINT ck_golden_search_cursor_single CHECK (id = 1),
        last_tx bigint NOT NULL,
        last_id bigint NOT NULL,
        indexed_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Taken before the fill's snapshot: every transaction below it is visible to the fill.
    await q.query(
      `INSERT INTO golden_search_cursor (id, last_tx, last_id)
       VALUES (1, (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint, 0)`,
    );
    await q.query(`
      CREATE TABLE golden_search (
        golden_id text NOT NULL CONSTRAINT pk_golden_search PRIMARY KEY,
        entity_type text NOT NULL,
        search_text text NOT NULL
      )`);
    await q.query(
      `INSERT INTO golden_search (golden_id, entity_type, search_text)
       SELECT golden_id, entity_type, joinery_golden_search_text(attributes)
         FROM golden_entities WHERE status = 'active'`,
    );
    await q.query(`CREATE INDEX ix_golden_search_text ON golden_search USING gin (search_text gin_trgm_ops)`);
    await q.query(`DROP INDEX ix_golden_entities_search`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX ix_golden_entities_search ON golden_entities
         USING gin (joinery_golden_search_text(attributes) gin_trgm_ops) WHERE status = 'active'`,
    );
    await q.query(`DROP TABLE golden_search`);
    await q.query(`DROP TABLE golden_search_cursor`);
    await q.query(`DROP INDEX ix_golden_outbox_tx`);
    await q.query(`ALTER TABLE golden_outbox DROP COLUMN tx`);
    await q.query(`DROP FUNCTION joinery_current_tx()`);
  }
}
