import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Matcher configs as versioned rows (docs/matchers.md, "Where configs live"): one row per version of
 * an entity type's config (YAML text and trained weights), exactly one active per type. The service
 * reads the active version; MATCHERS_DIR seeds it on first start, and a file edited since the last
 * start becomes a new version (`matcher_config_files` remembers what each file looked like then).
 * Re-evaluation jobs name the version they run (`matcher_config_id`) instead of carrying its text;
 * the texts of earlier roll-outs move into versions here, so no history is lost.
 */
export class MatcherConfigs1764140000000 implements MigrationInterface {
  name = 'MatcherConfigs1764140000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE matcher_configs (
        id bigserial NOT NULL,
        entity_type text NOT NULL,
        version integer NOT NULL,
        hash text NOT NULL,
        text text NOT NULL,
        weights_text text,
        author text NOT NULL,
        active boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz,
        CONSTRAINT pk_matcher_configs PRIMARY KEY (id),
        CONSTRAINT ck_matcher_configs_version CHECK (version > 0),
        CONSTRAINT ck_matcher_configs_active_activated CHECK (NOT active OR activated_at IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_matcher_configs_version ON matcher_configs (entity_type, version)`);
    await q.query(
      `CREATE UNIQUE INDEX uq_matcher_configs_active ON matcher_configs (entity_type) WHERE active`,
    );
    await q.query(`
      CREATE TABLE matcher_config_files (
        entity_type text NOT NULL,
        hash text NOT NULL,
        read_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_matcher_config_files PRIMARY KEY (entity_type)
      )`);
    await q.query(`ALTER TABLE reevaluation_jobs ADD COLUMN matcher_config_id bigint`);
    // Earlier roll-outs' texts become inactive versions, in job order; the files seed the active ones.
    await q.query(`
      INSERT INTO matcher_configs (entity_type, version, hash, text, author, created_at, activated_at)
      SELECT entity_type, row_number() OVER (PARTITION BY entity_type ORDER BY id), config_hash, config_text,
             'job:' || id, started_at, started_at
        FROM reevaluation_jobs WHERE kind = 'apply' AND config_text IS NOT NULL`);
    await q.query(`
      UPDATE reevaluation_jobs j SET matcher_config_id = c.id
        FROM matcher_configs c WHERE c.author = 'job:' || j.id AND c.entity_type = j.entity_type`);
    await q.query(`ALTER TABLE reevaluation_jobs DROP COLUMN config_text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reevaluation_jobs ADD COLUMN config_text text`);
    await q.query(`
      UPDATE reevaluation_jobs j SET config_text = c.text
        FROM matcher_configs c WHERE c.id = j.matcher_config_id AND j.kind = 'apply'`);
    await q.query(`ALTER TABLE reevaluation_jobs DROP COLUMN matcher_config_id`);
    await q.query(`DROP TABLE matcher_config_files`);
    await q.query(`DROP TABLE matcher_configs`);
  }
}
