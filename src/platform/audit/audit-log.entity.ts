import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One steward or admin mutation. Append-only: a trigger (migration StewardshipAudit) refuses
 * UPDATE, DELETE and TRUNCATE. `target` names what was changed as `<kind>:<id>`, such as
 * `review-item:12`, `constraint:7` or `golden:4b0c…`.
 */
@Entity({ name: 'audit_log' })
@Index('ix_audit_log_actor', ['actor', 'id'])
@Index('ix_audit_log_action', ['action', 'id'])
@Index('ix_audit_log_target', ['target', 'id'])
@Index('ix_audit_log_occurred_at', ['occurredAt'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', name: 'id', primaryKeyConstraintName: 'pk_audit_log' })
  id!: string;

  @Column({ type: 'timestamptz', name: 'occurred_at', default: () => 'now()' })
  occurredAt!: Date;

  @Column({ type: 'text', name: 'actor' })
  actor!: string;

  @Column({ type: 'text', name: 'actor_role' })
  actorRole!: string;

  @Column({ type: 'text', name: 'action' })
  action!: string;

  @Column({ type: 'text', name: 'target' })
  target!: string;

  @Column({ type: 'text', name: 'entity_type', nullable: true })
  entityType!: string | null;

  @Column({ type: 'jsonb', name: 'before', nullable: true })
  before!: unknown;

  @Column({ type: 'jsonb', name: 'after', nullable: true })
  after!: unknown;

  @Column({ type: 'text', name: 'reason', nullable: true })
  reason!: string | null;
}
