import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The idempotency ledger keeps a fingerprint of each event's content (SHA-256 of its canonical
 * JSON), so an eventId reused with different content is reported as a conflict rather than
 * silently answered `duplicate`. Rows written before this migration have none and stay duplicates.
 */
export class ProcessedEventFingerprint1764134000000 implements MigrationInterface {
  name = 'ProcessedEventFingerprint1764134000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE processed_events ADD COLUMN fingerprint text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE processed_events DROP COLUMN fingerprint`);
  }
}
