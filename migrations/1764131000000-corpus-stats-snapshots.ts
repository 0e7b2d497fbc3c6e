import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Corpus statistics (docs/resolution.md): term and document frequencies per attribute, counted over
 * the stored records of one entity type into a versioned snapshot, and rolled out like a matcher
 * change by a re-evaluation job of the new kind `stats` (`job_id`). The counts are one compact
 * document (gzip-compressed JSON): a snapshot is written once and read whole by every instance,
 * never queried inside, and nothing on the ingest path writes to this table.
 */
export class CorpusStatsSnapshots1764131000000 implements MigrationInterface {
  name = 'CorpusStatsSnapshots1764131000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE corpus_stats_snapshots (
        id bigserial NOT NULL,
        entity_type text NOT NULL,
        version integer NOT NULL,
        job_id bigint NOT NULL,
        trigger text NOT NULL,
        record_count integer NOT NULL,
        vocabularies text[] NOT NULL,
        matcher_fingerprint text NOT NULL,
        terms integer NOT NULL,
        counts bytea NOT NULL,
        counts_sha256 text NOT NULL,
        build_ms integer NOT NULL,
        built_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_corpus_stats_snapshots PRIMARY KEY (id),
        CONSTRAINT ck_corpus_stats_snapshots_trigger CHECK (trigger IN ('manual', 'auto'))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_corpus_stats_snapshots_version ON corpus_stats_snapshots (entity_type, version)`,
    );
    await q.query(`CREATE UNIQUE INDEX uq_corpus_stats_snapshots_job ON corpus_stats_snapshots (job_id)`);
    await q.query(`ALTER TABLE reevaluation_jobs DROP CONSTRAINT ck_reevaluation_jobs_kind`);
    await q.query(
      `ALTER TABLE reevaluation_jobs ADD CONSTRAINT ck_reevaluation_jobs_kind CHECK (kind IN ('apply', 'rebuild', 'stats'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM reevaluation_jobs WHERE kind = 'stats'`);
    await q.query(`ALTER TABLE reevaluation_jobs DROP CONSTRAINT ck_reevaluation_jobs_kind`);
    await q.query(
      `ALTER TABLE reevaluation_jobs ADD CONSTRAINT ck_reevaluation_jobs_kind CHECK (kind IN ('apply', 'rebuild'))`,
    );
    await q.query(`DROP TABLE corpus_stats_snapshots`);
  }
}
