import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The compacted xref topic's entries ride on the golden outbox rows (src/events/xref-change.ts):
 * written in the change's transaction, published by the relay with their event, in outbox order.
 * Rows written before this migration have none: a store with data needs the topic seeded once
 * (docs/events.md#the-compacted-xref-topic).
 */
export class GoldenOutboxXref1764132000000 implements MigrationInterface {
  name = 'GoldenOutboxXref1764132000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE golden_outbox ADD COLUMN xref jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE golden_outbox DROP COLUMN xref`);
  }
}
