import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ConstraintKind = 'must_link' | 'cannot_link';

/** A steward's durable decision about two records; matching honours it until it is revoked. */
@Entity({ name: 'link_constraints' })
@Check('ck_link_constraints_kind', `"kind" IN ('must_link', 'cannot_link')`)
@Check('ck_link_constraints_order', '"record_a" < "record_b"')
@Index('uq_link_constraints_active', ['recordA', 'recordB'], { unique: true, where: 'revoked_at IS NULL' })
@Index('ix_link_constraints_record_b', ['recordB'], { where: 'revoked_at IS NULL' })
export class LinkConstraintEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', name: 'id', primaryKeyConstraintName: 'pk_link_constraints' })
  id!: string;

  @Column({ type: 'text', name: 'entity_type' })
  entityType!: string;

  @Column({ type: 'text', name: 'kind' })
  kind!: ConstraintKind;

  @Column({ type: 'bigint', name: 'record_a' })
  recordA!: string;

  @Column({ type: 'bigint', name: 'record_b' })
  recordB!: string;

  @Column({ type: 'text', name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'text', name: 'reason' })
  reason!: string;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'text', name: 'revoked_by', nullable: true })
  revokedBy!: string | null;

  @Column({ type: 'text', name: 'revoke_reason', nullable: true })
  revokeReason!: string | null;

  /** The pair had an automatic match edge when the steward decided (governance: overturn rate). */
  @Column({ type: 'boolean', name: 'auto_edge', default: false })
  autoEdge!: boolean;
}
