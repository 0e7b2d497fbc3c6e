import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only: one row per applied change, for point-in-time answers and audits. */
@Entity({ name: 'source_record_history' })
@Index('ix_source_record_history_record', ['recordId', 'id'])
export class SourceRecordHistoryEntity {
  @PrimaryGeneratedColumn({
    type: 'bigint',
    name: 'id',
    primaryKeyConstraintName: 'pk_source_record_history',
  })
  id!: string;

  @Column({ type: 'bigint', name: 'record_id' })
  recordId!: string;

  @Column({ type: 'text', name: 'event_id' })
  eventId!: string;

  @Column({ type: 'text', name: 'op' })
  op!: 'upsert' | 'delete';

  @Column({ type: 'bigint', name: 'version', nullable: true })
  version!: string | null;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt!: Date;

  @Column({ type: 'jsonb', name: 'attributes', nullable: true })
  attributes!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', name: 'references', nullable: true })
  references!: unknown[] | null;

  @Column({ type: 'timestamptz', name: 'applied_at', default: () => 'now()' })
  appliedAt!: Date;
}
