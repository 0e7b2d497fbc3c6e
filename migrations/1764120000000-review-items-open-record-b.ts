import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change supersedes the open review items of its records: `status = 'open' AND (record_a =
 * ANY(..) OR record_b = ANY(..))`. The open-pair index serves record_a; for record_b PostgreSQL
 * read the whole index, so each ingest batch cost time in proportion to the open review queue
 * (34 ms a batch at 700,000 records, profiled in docs/benchmarks.md). This index makes both sides
 * index probes.
 */
export class ReviewItemsOpenRecordB1764120000000 implements MigrationInterface {
  name = 'ReviewItemsOpenRecordB1764120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_review_items_open_b ON review_items (record_b) WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_review_items_open_b`);
  }
}
