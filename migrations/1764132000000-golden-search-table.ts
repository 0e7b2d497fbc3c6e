import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fuzzy search's trigram index moves off the ingest transaction (docs/xref.md "Search"): the
 * expression index on golden_entities made every golden write add ~150 trigrams to a GIN index, a
 * third of PostgreSQL's work per new record at 1M stored (docs/benchmarks.md "Profile"). Now
 * - golden_search holds one row per active golden entity (its search text), with the trigram
 *   index, and is written only by the search indexer (src/features/golden/golden-search.indexer.ts);
 * - golden_search_queue holds the golden ids whose events are not indexed yet: the outbox append
 *   adds them in the same statement (a small heap insert instead of the GIN work), the indexer
 *   takes them out. No index: the indexer reads the first rows it finds and deletes them by ctid.
 * The table is filled here from the current golden entities.
 */
export class GoldenSearchTable1764132000000 implements MigrationInterface {
  name = 'GoldenSearchTable1764132000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE golden_search_queue (
        golden_id text NOT NULL,
        queued_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
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
    await q.query(`DROP TABLE golden_search_queue`);
  }
}
