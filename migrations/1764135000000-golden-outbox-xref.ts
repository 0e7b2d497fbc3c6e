import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The compacted xref topic's entries ride on the golden outbox rows (src/core/events/xref-change.ts):
 * written in the change's transaction, published by the relay with their event, in outbox order.
 * Rows written before this migration have none, so the relay seeds each xref topic once with the
 * current crosswalk (src/core/events/xref-topic.seeder.ts) and notes it in xref_topic_seeds.
 */
export class GoldenOutboxXref1764135000000 implements MigrationInterface {
  name = 'GoldenOutboxXref1764135000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE golden_outbox ADD COLUMN xref jsonb`);
    await q.query(`
      CREATE TABLE xref_topic_seeds (
        topic text NOT NULL,
        seq bigint NOT NULL,
        seeded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_xref_topic_seeds PRIMARY KEY (topic)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE xref_topic_seeds`);
    await q.query(`ALTER TABLE golden_outbox DROP COLUMN xref`);
  }
}
