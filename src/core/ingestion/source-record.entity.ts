import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The current state of one source record, keyed on (entity_type, domain, source_id). A delete
 * keeps the row as a tombstone (`deleted = true`) so a late, older upsert is still recognised as
 * stale. Every applied change is also appended to source_record_history.
 */
@Entity({ name: 'source_records' })
@Index('uq_source_records_key', ['entityType', 'domain', 'sourceId'], { unique: true })
export class SourceRecordEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', name: 'id', primaryKeyConstraintName: 'pk_source_records' })
  id!: string;

  @Column({ type: 'text', name: 'entity_type' })
  entityType!: string;

  @Column({ type: 'text', name: 'domain' })
  domain!: string;

  @Column({ type: 'text', name: 'source_id' })
  sourceId!: string;

  @Column({ type: 'jsonb', name: 'attributes' })
  attributes!: Record<string, unknown>;

  @Column({ type: 'jsonb', name: 'references' })
  references!: unknown[];

  @Column({ type: 'bigint', name: 'version', nullable: true })
  version!: string | null;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt!: Date;

  @Column({ type: 'boolean', name: 'deleted', default: false })
  deleted!: boolean;

  @Column({ type: 'text', name: 'last_event_id' })
  lastEventId!: string;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
