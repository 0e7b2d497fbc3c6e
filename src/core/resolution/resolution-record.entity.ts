import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A live source record as resolution sees it: its prepared (normalized) form and its golden id. */
@Entity({ name: 'resolution_records' })
@Index('ix_resolution_records_golden', ['goldenId'])
export class ResolutionRecordEntity {
  @PrimaryColumn({ type: 'bigint', name: 'record_id', primaryKeyConstraintName: 'pk_resolution_records' })
  recordId!: string;

  @Column({ type: 'text', name: 'entity_type' })
  entityType!: string;

  @Column({ type: 'text', name: 'domain' })
  domain!: string;

  @Column({ type: 'text', name: 'source_id' })
  sourceId!: string;

  @Column({ type: 'jsonb', name: 'prepared' })
  prepared!: Record<string, string | null>;

  @Column({ type: 'text', name: 'golden_id' })
  goldenId!: string;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
