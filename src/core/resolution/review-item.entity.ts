import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ReviewStatus = 'open' | 'decided' | 'superseded';
export type ReviewReason = 'review_band' | 'constraint_conflict';

/** An uncertain pair for a data steward: scored in the review band, or a match a constraint refused. */
@Entity({ name: 'review_items' })
@Check('ck_review_items_order', '"record_a" < "record_b"')
@Index('uq_review_items_open_pair', ['recordA', 'recordB'], { unique: true, where: "status = 'open'" })
@Index('ix_review_items_queue', ['entityType', 'status', 'createdAt'])
@Index('ix_review_items_score', ['entityType', 'status', 'score', 'id'])
@Index('ix_review_items_open_b', ['recordB'], { where: "status = 'open'" })
export class ReviewItemEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', name: 'id', primaryKeyConstraintName: 'pk_review_items' })
  id!: string;

  @Column({ type: 'text', name: 'entity_type' })
  entityType!: string;

  @Column({ type: 'bigint', name: 'record_a' })
  recordA!: string;

  @Column({ type: 'bigint', name: 'record_b' })
  recordB!: string;

  @Column({ type: 'text', name: 'reason' })
  reason!: ReviewReason;

  @Column({ type: 'double precision', name: 'score' })
  score!: number;

  @Column({ type: 'double precision', name: 'probability' })
  probability!: number;

  @Column({ type: 'jsonb', name: 'explanation' })
  explanation!: unknown;

  @Column({ type: 'text', name: 'status', default: 'open' })
  status!: ReviewStatus;

  @Column({ type: 'text', name: 'assignee', nullable: true })
  assignee!: string | null;

  @Column({ type: 'text', name: 'decision', nullable: true })
  decision!: 'match' | 'no-match' | null;

  @Column({ type: 'text', name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'text', name: 'decision_reason', nullable: true })
  decisionReason!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt!: Date | null;
}
