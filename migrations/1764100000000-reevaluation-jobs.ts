import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Re-evaluation jobs (docs/operations.md): a matcher roll-out (`apply`) or a rebuild re-evaluates
 * every live record of one entity type, batch by batch, each batch in its own transaction that
 * also moves `cursor` (the last record id done), so a job interrupted anywhere resumes exactly
 * where it stopped. At most one running job per entity type; a lease says which instance runs it.
 */
export class ReevaluationJobs1764100000000 implements MigrationInterface {
  name = 'ReevaluationJobs1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reevaluation_jobs (
        id bigserial NOT NULL,
        entity_type text NOT NULL,
        kind text NOT NULL,
        config_hash text NOT NULL,
        config_text text,
        status text NOT NULL DEFAULT 'running',
        cursor bigint NOT NULL DEFAULT 0,
        total integer NOT NULL,
        processed integer NOT NULL DEFAULT 0,
        batches integer NOT NULL DEFAULT 0,
        golden_events integer NOT NULL DEFAULT 0,
        error text,
        lease_owner text,
        lease_until timestamptz,
        started_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CONSTRAINT pk_reevaluation_jobs PRIMARY KEY (id),
        CONSTRAINT ck_reevaluation_jobs_kind CHECK (kind IN ('apply', 'rebuild')),
        CONSTRAINT ck_reevaluation_jobs_status CHECK (status IN ('running', 'done', 'failed'))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_reevaluation_jobs_running ON reevaluation_jobs (entity_type) WHERE status = 'running'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reevaluation_jobs`);
  }
}
