import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the cross-reference API's reads:
 * - fuzzy search of golden entities (GET /v1/golden/search): pg_trgm over the survived values of
 *   active entities, through an IMMUTABLE function so the index maintains itself on every write of
 *   golden_entities.attributes (resolution needs no extra column to keep up to date);
 * - the export's delta (GET /v1/xref/export?since=): a membership's last change,
 *   greatest(valid_from, valid_to), so "changed after T" is an index range instead of a full scan.
 * Both are expression indexes, which TypeORM's schema diff does not see, so the entities stay as
 * they are.
 */
export class XrefReadIndexes1764080000000 implements MigrationInterface {
  name = 'XrefReadIndexes1764080000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // Values only (no field names, record ids or JSON punctuation), lowercased, fields in key order.
    await q.query(`
      CREATE FUNCTION joinery_golden_search_text(attributes jsonb) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
        SELECT lower(coalesce(string_agg(
                 CASE jsonb_typeof(a.value -> 'value')
                   WHEN 'string' THEN a.value ->> 'value'
                   WHEN 'number' THEN a.value ->> 'value'
                   WHEN 'array' THEN (SELECT string_agg(e, ' ')
                                        FROM pg_catalog.jsonb_array_elements_text(a.value -> 'value') AS e)
                 END, ' ' ORDER BY a.key), ''))
          FROM pg_catalog.jsonb_each(CASE WHEN jsonb_typeof(attributes) = 'object' THEN attributes
                                          ELSE '{}'::jsonb END) AS a
         WHERE jsonb_typeof(a.value) = 'object'
      $$`);
    await q.query(
      `CREATE INDEX ix_golden_entities_search ON golden_entities
         USING gin (joinery_golden_search_text(attributes) gin_trgm_ops) WHERE status = 'active'`,
    );
    await q.query(
      `CREATE INDEX ix_golden_memberships_changed ON golden_memberships
         ((greatest(valid_from, coalesce(valid_to, valid_from))))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_golden_memberships_changed`);
    await q.query(`DROP INDEX ix_golden_entities_search`);
    await q.query(`DROP FUNCTION joinery_golden_search_text(jsonb)`);
    // RESTRICT: if anything else has come to depend on pg_trgm, this fails instead of dropping it.
    await q.query(`DROP EXTENSION IF EXISTS pg_trgm`);
  }
}
