import { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys, stored only as SHA-256 hashes (keys are 256-bit random, so a slow hash adds nothing). */
export class ApiKeys1764110000000 implements MigrationInterface {
  name = 'ApiKeys1764110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id bigserial NOT NULL,
        name text NOT NULL,
        role text NOT NULL,
        key_hash text NOT NULL,
        key_prefix text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_by text,
        CONSTRAINT pk_api_keys PRIMARY KEY (id),
        CONSTRAINT ck_api_keys_role CHECK (role IN ('reader', 'ingest', 'steward', 'admin'))
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_api_keys_hash ON api_keys (key_hash)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_keys`);
  }
}
