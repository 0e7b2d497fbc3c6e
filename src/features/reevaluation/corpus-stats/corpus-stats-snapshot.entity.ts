import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type SnapshotTrigger = 'manual' | 'auto';

/** Corpus statistics of one entity type at one version (migration 1764131000000). */
@Entity({ name: 'corpus_stats_snapshots' })
@Check('ck_corpus_stats_snapshots_trigger', `"trigger" IN ('manual', 'auto')`)
@Index('uq_corpus_stats_snapshots_version', ['entityType', 'version'], { unique: true })
@Index('uq_corpus_stats_snapshots_job', ['jobId'], { unique: true })
export class CorpusStatsSnapshotEntity {
  @PrimaryGeneratedColumn({
    type: 'bigint',
    name: 'id',
    primaryKeyConstraintName: 'pk_corpus_stats_snapshots',
  })
  id!: string;

  @Column({ type: 'text', name: 'entity_type' })
  entityType!: string;

  /** 1, 2, … per entity type: explanations and the admin API name a snapshot by it. */
  @Column({ type: 'integer', name: 'version' })
  version!: number;

  /** The re-evaluation job (kind `stats`) that rolls the snapshot out; active while it has not failed. */
  @Column({ type: 'bigint', name: 'job_id' })
  jobId!: string;

  @Column({ type: 'text', name: 'trigger' })
  trigger!: SnapshotTrigger;

  /** Stored records counted. */
  @Column({ type: 'integer', name: 'record_count' })
  recordCount!: number;

  /** The attributes and vocabularies counted (the matcher's `statVocabularies` at build time). */
  @Column({ type: 'text', name: 'vocabularies', array: true })
  vocabularies!: string[];

  /** The matcher's prepared-form fingerprint at build time: other normalizers make the counts stale. */
  @Column({ type: 'text', name: 'matcher_fingerprint' })
  matcherFingerprint!: string;

  /** Distinct values and tokens stored. */
  @Column({ type: 'integer', name: 'terms' })
  terms!: number;

  /** gzip of the JSON CorpusCounts (src/engine/stats/corpus-stats.ts). */
  @Column({ type: 'bytea', name: 'counts' })
  counts!: Buffer;

  /** sha256 of the uncompressed JSON: the same records give the same hash, whatever their order. */
  @Column({ type: 'text', name: 'counts_sha256' })
  countsSha256!: string;

  @Column({ type: 'integer', name: 'build_ms' })
  buildMs!: number;

  @Column({ type: 'timestamptz', name: 'built_at', default: () => 'now()' })
  builtAt!: Date;
}
