import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The idempotency ledger: every eventId Joinery has taken, with its outcome. A repeated eventId
 * is answered from here and changes nothing, which is what makes Kafka redelivery after a crash safe.
 */
@Entity({ name: 'processed_events' })
export class ProcessedEventEntity {
  @PrimaryColumn({ type: 'text', name: 'event_id', primaryKeyConstraintName: 'pk_processed_events' })
  eventId!: string;

  @Column({ type: 'text', name: 'outcome' })
  outcome!: 'applied' | 'stale' | 'unchanged';

  @Column({ type: 'bigint', name: 'record_id', nullable: true })
  recordId!: string | null;

  /** SHA-256 of the event's canonical content; null for rows older than the column. */
  @Column({ type: 'text', name: 'fingerprint', nullable: true })
  fingerprint!: string | null;

  @Column({ type: 'timestamptz', name: 'processed_at', default: () => 'now()' })
  processedAt!: Date;
}
