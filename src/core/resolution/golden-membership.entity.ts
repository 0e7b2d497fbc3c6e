import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type { MembershipCause } from '../../engine/resolution/golden-changes';
import type { MembershipCause } from '../../engine/resolution/golden-changes';

/**
 * Membership intervals: a record belonged to a golden entity from `valid_from` until `valid_to`
 * (open while current). "As of" answers and the joinery_xref view read these rows.
 */
@Entity({ name: 'golden_memberships' })
@Index('uq_golden_memberships_current', ['recordId'], { unique: true, where: 'valid_to IS NULL' })
@Index('ix_golden_memberships_golden', ['goldenId', 'validFrom'])
@Index('ix_golden_memberships_key', ['entityType', 'domain', 'sourceId', 'validFrom'])
export class GoldenMembershipEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', name: 'id', primaryKeyConstraintName: 'pk_golden_memberships' })
  id!: string;

  @Column({ type: 'text', name: 'golden_id' })
  goldenId!: string;

  @Column({ type: 'bigint', name: 'record_id' })
  recordId!: string;

  @Column({ type: 'text', name: 'entity_type' })
  entityType!: string;

  @Column({ type: 'text', name: 'domain' })
  domain!: string;

  @Column({ type: 'text', name: 'source_id' })
  sourceId!: string;

  @Column({ type: 'text', name: 'cause' })
  cause!: MembershipCause;

  @Column({ type: 'timestamptz', name: 'valid_from' })
  validFrom!: Date;

  @Column({ type: 'timestamptz', name: 'valid_to', nullable: true })
  validTo!: Date | null;
}
