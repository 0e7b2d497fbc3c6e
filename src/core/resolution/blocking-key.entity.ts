import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The blocking index: a record appears once per key its matcher computed for it. */
@Entity({ name: 'blocking_keys' })
@Index('ix_blocking_keys_record', ['recordId'])
export class BlockingKeyEntity {
  @PrimaryColumn({ type: 'text', name: 'entity_type', primaryKeyConstraintName: 'pk_blocking_keys' })
  entityType!: string;

  @PrimaryColumn({ type: 'text', name: 'key', primaryKeyConstraintName: 'pk_blocking_keys' })
  key!: string;

  @PrimaryColumn({ type: 'bigint', name: 'record_id', primaryKeyConstraintName: 'pk_blocking_keys' })
  recordId!: string;

  /** The record's source domain: under linkage across domains, its own domain's members are left out. */
  @Column({ type: 'text', name: 'domain' })
  domain!: string;
}
