import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Steward decisions that matching must honour: must-link and cannot-link between two records.
 * They are reversible (revoked_at), and record who decided, when and why.
 */
export class LinkConstraints1764072200000 implements MigrationInterface {
  name = 'LinkConstraints1764072200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE link_constraints (
        id bigserial NOT NULL,
        entity_type text NOT NULL,
        kind text NOT NULL,
        record_a bigint NOT NULL,
        record_b bigint NOT NULL,
        created_by text NOT NULL,
        reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_by text,
        CONSTRAINT pk_link_constraints PRIMARY KEY (id),
        CONSTRAINT ck_link_constraints_kind CHECK (kind IN ('must_link', 'cannot_link')),
        CONSTRAINT ck_link_constraints_order CHECK (record_a < record_b)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_link_constraints_active ON link_constraints (record_a, record_b) WHERE revoked_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX ix_link_constraints_record_b ON link_constraints (record_b) WHERE revoked_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE link_constraints`);
  }
}
