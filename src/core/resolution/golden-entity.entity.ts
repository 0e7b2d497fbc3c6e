import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One survived attribute value and the member record it came from; the status of an entity. */
export type { GoldenStatus, SurvivedAttribute } from '../../engine/resolution/golden-changes';
import type { GoldenStatus, SurvivedAttribute } from '../../engine/resolution/golden-changes';

/**
 * A golden entity. Its id is opaque and never reused. A merged-away entity stays as `retired`
 * with `survivor_id` so old ids keep resolving; `version` counts the events published for it.
 */
@Entity({ name: 'golden_entities' })
@Check('ck_golden_entities_status', `"status" IN ('active', 'retired', 'deleted')`)
@Index('ix_golden_entities_type_status', ['entityType', 'status'])
export class GoldenEntity {
  @PrimaryColumn({ type: 'text', name: 'golden_id', primaryKeyConstraintName: 'pk_golden_entities' })
  goldenId!: string;

  @Column({ type: 'text', name: 'entity_type' })
  entityType!: string;

  @Column({ type: 'text', name: 'status' })
  status!: GoldenStatus;

  @Column({ type: 'integer', name: 'version', default: 0 })
  version!: number;

  @Column({ type: 'text', name: 'survivor_id', nullable: true })
  survivorId!: string | null;

  @Column({ type: 'text', name: 'split_from', nullable: true })
  splitFrom!: string | null;

  @Column({ type: 'jsonb', name: 'attributes' })
  attributes!: Record<string, SurvivedAttribute>;

  @Column({ type: 'integer', name: 'member_count', default: 0 })
  memberCount!: number;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
