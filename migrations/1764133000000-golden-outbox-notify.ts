import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The golden-event relay and the search indexer used to poll the outbox (the relay ~20 times a
 * second: 15 % of PostgreSQL's work per record at 1M stored, docs/benchmarks.md "Profile"). Now a
 * statement that appends golden events notifies `joinery_golden_outbox`, delivered when its
 * transaction commits (one notification per transaction), and they LISTEN (src/platform/database/pg-listener.ts).
 */
export class GoldenOutboxNotify1764133000000 implements MigrationInterface {
  name = 'GoldenOutboxNotify1764133000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION joinery_notify_golden_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('joinery_golden_outbox', '');
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER tr_golden_outbox_notify AFTER INSERT ON golden_outbox
         FOR EACH STATEMENT EXECUTE FUNCTION joinery_notify_golden_outbox()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tr_golden_outbox_notify ON golden_outbox`);
    await q.query(`DROP FUNCTION joinery_notify_golden_outbox()`);
  }
}
