import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The transactional outbox of golden change events, written in the same transaction as the change.
 * The relay publishes unpublished rows in id order; rows are kept after publishing and double as
 * each golden entity's event history.
 */
@Entity({ name: 'golden_outbox' })
@Index('uq_golden_outbox_version', ['goldenId', 'version'], { unique: true })
@Index('ix_golden_outbox_unpublished', ['id'], { where: 'published_at IS NULL' })
export class GoldenOutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', name: 'id', primaryKeyConstraintName: 'pk_golden_outbox' })
  id!: string;

  @Column({ type: 'text', name: 'golden_id' })
  goldenId!: string;

  @Column({ type: 'integer', name: 'version' })
  version!: number;

  @Column({ type: 'text', name: 'event_type' })
  eventType!: string;

  @Column({ type: 'jsonb', name: 'payload' })
  payload!: unknown;

  /** Entries of the compacted xref topic this event publishes (xref-change.ts); null: none. */
  @Column({ type: 'jsonb', name: 'xref', nullable: true })
  xref!: unknown;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'published_at', nullable: true })
  publishedAt!: Date | null;
}
