import { Check, Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One version of an entity type's matcher config (migration 1764140000000): the YAML text and the
 * trained weights it is compiled with. Exactly one version per type is active; the service runs it.
 */
@Entity({ name: 'matcher_configs' })
@Check('ck_matcher_configs_version', `version > 0`)
@Check('ck_matcher_configs_active_activated', `NOT active OR activated_at IS NOT NULL`)
@Index('uq_matcher_configs_version', ['entityType', 'version'], { unique: true })
@Index('uq_matcher_configs_active', ['entityType'], { unique: true, where: `active` })
export class MatcherConfigEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', name: 'id', primaryKeyConstraintName: 'pk_matcher_configs' })
  id!: string;

  @Column({ type: 'text', name: 'entity_type' })
  entityType!: string;

  /** 1, 2, … per entity type. */
  @Column({ type: 'integer', name: 'version' })
  version!: number;

  /** sha256 of the text (and of the weights, when there are any): `configHash`. */
  @Column({ type: 'text', name: 'hash' })
  hash!: string;

  @Column({ type: 'text', name: 'text' })
  text!: string;

  /** `<entityType>.weights.yaml` as `train` wrote it, merged over the text's m/u and prior. */
  @Column({ type: 'text', name: 'weights_text', nullable: true })
  weightsText!: string | null;

  /** Who made it: `file:<name>` (MATCHERS_DIR at start-up), `api:<actor>`, `cli`, `job:<id>` (migrated). */
  @Column({ type: 'text', name: 'author' })
  author!: string;

  @Column({ type: 'boolean', name: 'active', default: false })
  active!: boolean;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'activated_at', nullable: true })
  activatedAt!: Date | null;
}

/** The hash of each MATCHERS_DIR file (config and weights) when a start-up last read it. */
@Entity({ name: 'matcher_config_files' })
export class MatcherConfigFileEntity {
  @PrimaryColumn({ type: 'text', name: 'entity_type', primaryKeyConstraintName: 'pk_matcher_config_files' })
  entityType!: string;

  @Column({ type: 'text', name: 'hash' })
  hash!: string;

  @Column({ type: 'timestamptz', name: 'read_at', default: () => 'now()' })
  readAt!: Date;
}
