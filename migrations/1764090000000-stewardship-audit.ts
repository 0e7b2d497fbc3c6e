import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stewardship (docs/stewardship.md):
 * - `audit_log`: every steward/admin mutation with actor, role, action, target, before/after and
 *   reason. Append-only at the database level: a statement trigger refuses UPDATE, DELETE and
 *   TRUNCATE, so not even a bug (or a hand-typed fix) in the service can rewrite history.
 * - `link_constraints.auto_edge`: whether the pair had an automatic match edge when the steward
 *   decided, so the governance counters can tell how often stewards overturn the matcher without
 *   depending on edges that later re-scoring replaces; `revoke_reason` says why a constraint ended.
 * - a queue index for the review list sorted by score.
 */
export class StewardshipAudit1764090000000 implements MigrationInterface {
  name = 'StewardshipAudit1764090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        actor_role text NOT NULL,
        action text NOT NULL,
        target text NOT NULL,
        entity_type text,
        before jsonb,
        after jsonb,
        reason text,
        CONSTRAINT pk_audit_log PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX ix_audit_log_actor ON audit_log (actor, id)`);
    await q.query(`CREATE INDEX ix_audit_log_action ON audit_log (action, id)`);
    await q.query(`CREATE INDEX ix_audit_log_target ON audit_log (target, id)`);
    await q.query(`CREATE INDEX ix_audit_log_occurred_at ON audit_log (occurred_at)`);
    await q.query(`
      CREATE FUNCTION joinery_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    // Statement-level, so even an UPDATE or DELETE that matches no row is refused.
    await q.query(`
      CREATE TRIGGER tr_audit_log_append_only
        BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION joinery_audit_log_append_only()`);

    await q.query(`ALTER TABLE link_constraints ADD COLUMN auto_edge boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE link_constraints ADD COLUMN revoke_reason text`);
    await q.query(`CREATE INDEX ix_review_items_score ON review_items (entity_type, status, score, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_review_items_score`);
    await q.query(`ALTER TABLE link_constraints DROP COLUMN revoke_reason`);
    await q.query(`ALTER TABLE link_constraints DROP COLUMN auto_edge`);
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION joinery_audit_log_append_only()`);
  }
}
