import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ReevaluationKind = 'apply' | 'rebuild' | 'stats';
export type ReevaluationStatus = 'running' | 'done' | 'failed';

/**
 * A tracked, resumable re-evaluation of one entity type's records (migration 1764100000000): a matcher
 * roll-out (`apply`), a `rebuild`, or a corpus-statistics roll-out (`stats`, migration 1764131000000).
 */
@Entity({ name: 'reevaluation_jobs' })
@Check('ck_reevaluation_jobs_kind', `"kind" IN ('apply', 'rebuild', 'stats')`)
@Check('ck_reevaluation_jobs_status', `"status" IN ('running', 'done', 'failed')`)
@Index('uq_reevaluation_jobs_running', ['entityType'], { unique: true, where: `status = 'running'` })
export class ReevaluationJobEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', name: 'id', primaryKeyConstraintName: 'pk_reevaluation_jobs' })
  id!: string;

  @Column({ type: 'text', name: 'entity_type' })
  entityType!: string;

  @Column({ type: 'text', name: 'kind' })
  kind!: ReevaluationKind;

  /** sha256 of the matcher config's YAML text the job rolls out (or of the running one, for a rebuild or stats). */
  @Column({ type: 'text', name: 'config_hash' })
  configHash!: string;

  /** The matcher config version the job runs (matcher_configs.id); null for jobs older than versions. */
  @Column({ type: 'bigint', name: 'matcher_config_id', nullable: true })
  matcherConfigId!: string | null;

  @Column({ type: 'text', name: 'status', default: 'running' })
  status!: ReevaluationStatus;

  /** Last source record id re-evaluated: the job resumes after it. */
  @Column({ type: 'bigint', name: 'cursor', default: 0 })
  cursor!: string;

  @Column({ type: 'integer', name: 'total' })
  total!: number;

  @Column({ type: 'integer', name: 'processed', default: 0 })
  processed!: number;

  @Column({ type: 'integer', name: 'batches', default: 0 })
  batches!: number;

  @Column({ type: 'integer', name: 'golden_events', default: 0 })
  goldenEvents!: number;

  @Column({ type: 'text', name: 'error', nullable: true })
  error!: string | null;

  @Column({ type: 'text', name: 'lease_owner', nullable: true })
  leaseOwner!: string | null;

  @Column({ type: 'timestamptz', name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;

  @Column({ type: 'timestamptz', name: 'started_at', default: () => 'now()' })
  startedAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}
