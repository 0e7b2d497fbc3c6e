import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Resolution state: golden entities, each record's prepared form and golden id, the blocking-key
 * index, scored match edges, membership intervals (for "as of" answers), review items, the
 * golden-event outbox, and the lock buckets that serialize work on overlapping blocks.
 */
export class Resolution1764072100000 implements MigrationInterface {
  name = 'Resolution1764072100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE golden_entities (
        golden_id text NOT NULL,
        entity_type text NOT NULL,
        status text NOT NULL,
        version integer NOT NULL DEFAULT 0,
        survivor_id text,
        split_from text,
        attributes jsonb NOT NULL,
        member_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_golden_entities PRIMARY KEY (golden_id),
        CONSTRAINT ck_golden_entities_status CHECK (status IN ('active', 'retired', 'deleted'))
      )`);
    await q.query(`CREATE INDEX ix_golden_entities_type_status ON golden_entities (entity_type, status)`);

    await q.query(`
      CREATE TABLE resolution_records (
        record_id bigint NOT NULL,
        entity_type text NOT NULL,
        domain text NOT NULL,
        source_id text NOT NULL,
        prepared jsonb NOT NULL,
        golden_id text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_resolution_records PRIMARY KEY (record_id)
      )`);
    await q.query(`CREATE INDEX ix_resolution_records_golden ON resolution_records (golden_id)`);

    await q.query(`
      CREATE TABLE blocking_keys (
        entity_type text NOT NULL,
        key text NOT NULL,
        record_id bigint NOT NULL,
        CONSTRAINT pk_blocking_keys PRIMARY KEY (entity_type, key, record_id)
      )`);
    await q.query(`CREATE INDEX ix_blocking_keys_record ON blocking_keys (record_id)`);

    await q.query(`
      CREATE TABLE match_edges (
        record_a bigint NOT NULL,
        record_b bigint NOT NULL,
        entity_type text NOT NULL,
        kind text NOT NULL,
        score double precision NOT NULL,
        probability double precision NOT NULL,
        explanation jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_match_edges PRIMARY KEY (record_a, record_b),
        CONSTRAINT ck_match_edges_order CHECK (record_a < record_b)
      )`);
    await q.query(`CREATE INDEX ix_match_edges_record_b ON match_edges (record_b)`);

    await q.query(`
      CREATE TABLE golden_memberships (
        id bigserial NOT NULL,
        golden_id text NOT NULL,
        record_id bigint NOT NULL,
        entity_type text NOT NULL,
        domain text NOT NULL,
        source_id text NOT NULL,
        cause text NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_to timestamptz,
        CONSTRAINT pk_golden_memberships PRIMARY KEY (id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_golden_memberships_current ON golden_memberships (record_id) WHERE valid_to IS NULL`,
    );
    await q.query(`CREATE INDEX ix_golden_memberships_golden ON golden_memberships (golden_id, valid_from)`);
    await q.query(
      `CREATE INDEX ix_golden_memberships_key ON golden_memberships (entity_type, domain, source_id, valid_from)`,
    );

    await q.query(`
      CREATE TABLE review_items (
        id bigserial NOT NULL,
        entity_type text NOT NULL,
        record_a bigint NOT NULL,
        record_b bigint NOT NULL,
        reason text NOT NULL,
        score double precision NOT NULL,
        probability double precision NOT NULL,
        explanation jsonb NOT NULL,
        status text NOT NULL DEFAULT 'open',
        assignee text,
        decision text,
        decided_by text,
        decision_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        CONSTRAINT pk_review_items PRIMARY KEY (id),
        CONSTRAINT ck_review_items_order CHECK (record_a < record_b)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_review_items_open_pair ON review_items (record_a, record_b) WHERE status = 'open'`,
    );
    await q.query(`CREATE INDEX ix_review_items_queue ON review_items (entity_type, status, created_at)`);

    await q.query(`
      CREATE TABLE golden_outbox (
        id bigserial NOT NULL,
        golden_id text NOT NULL,
        version integer NOT NULL,
        event_type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        CONSTRAINT pk_golden_outbox PRIMARY KEY (id)
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_golden_outbox_version ON golden_outbox (golden_id, version)`);
    await q.query(
      `CREATE INDEX ix_golden_outbox_unpublished ON golden_outbox (id) WHERE published_at IS NULL`,
    );

    // Row locks on these buckets serialize transactions whose records share a blocking key,
    // without a global lock. Row locks, unlike advisory locks, do not fill the shared lock table
    // when one batch touches thousands of keys.
    await q.query(`
      CREATE TABLE resolution_lock_buckets (
        bucket integer NOT NULL,
        CONSTRAINT pk_resolution_lock_buckets PRIMARY KEY (bucket)
      )`);
    await q.query(`INSERT INTO resolution_lock_buckets (bucket) SELECT generate_series(0, 16383)`);

    await q.query(`
      CREATE VIEW joinery_xref AS
        SELECT entity_type, golden_id, domain, source_id, valid_from, valid_to
        FROM golden_memberships`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW joinery_xref`);
    await q.query(`DROP TABLE resolution_lock_buckets`);
    await q.query(`DROP TABLE golden_outbox`);
    await q.query(`DROP TABLE review_items`);
    await q.query(`DROP TABLE golden_memberships`);
    await q.query(`DROP TABLE match_edges`);
    await q.query(`DROP TABLE blocking_keys`);
    await q.query(`DROP TABLE resolution_records`);
    await q.query(`DROP TABLE golden_entities`);
  }
}
