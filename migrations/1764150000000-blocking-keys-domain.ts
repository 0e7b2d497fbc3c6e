import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each blocking key carries its record's source domain, so that under `linkage: across_domains`
 * candidate retrieval can leave out the members of the record's own domain (never scored) without
 * reading their records. A record's domain is part of its identity and never changes. Existing
 * keys take theirs from resolution_records.
 */
export class BlockingKeysDomain1764150000000 implements MigrationInterface {
  name = 'BlockingKeysDomain1764150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE blocking_keys ADD COLUMN domain text`);
    await q.query(
      `UPDATE blocking_keys b SET domain = r.domain FROM resolution_records r WHERE r.record_id = b.record_id`,
    );
    // A key without its record (none is expected) could not be placed in a domain.
    await q.query(`DELETE FROM blocking_keys WHERE domain IS NULL`);
    await q.query(`ALTER TABLE blocking_keys ALTER COLUMN domain SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE blocking_keys DROP COLUMN domain`);
  }
}
