import { MigrationInterface, QueryRunner } from 'typeorm';

/** The source-record store: current state, append-only history, and the idempotency ledger. */
export class SourceRecords1764072000000 implements MigrationInterface {
  name = 'SourceRecords1764072000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE source_records (
        id bigserial NOT NULL,
        entity_type text NOT NULL,
        domain text NOT NULL,
        source_id text NOT NULL,
        attributes jsonb NOT NULL,
        "references" jsonb NOT NULL,
        version bigint,
        occurred_at timestamptz NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        last_event_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_source_records PRIMARY KEY (id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_source_records_key ON source_records (entity_type, domain, source_id)`,
    );
    await q.query(`
      CREATE TABLE source_record_history (
        id bigserial NOT NULL,
        record_id bigint NOT NULL,
        event_id text NOT NULL,
        op text NOT NULL,
        version bigint,
        occurred_at timestamptz NOT NULL,
        attributes jsonb,
        "references" jsonb,
        applied_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_source_record_history PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX ix_source_record_history_record ON source_record_history (record_id, id)`);
    await q.query(`
      CREATE TABLE processed_events (
        event_id text NOT NULL,
        outcome text NOT NULL,
        record_id bigint,
        processed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_processed_events PRIMARY KEY (event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE processed_events`);
    await q.query(`DROP TABLE source_record_history`);
    await q.query(`DROP TABLE source_records`);
  }
}
