import { Entity, PrimaryColumn } from 'typeorm';

/** 16,384 rows whose row locks serialize resolution work on overlapping blocking keys. */
@Entity({ name: 'resolution_lock_buckets' })
export class LockBucketEntity {
  @PrimaryColumn({ type: 'integer', name: 'bucket', primaryKeyConstraintName: 'pk_resolution_lock_buckets' })
  bucket!: number;
}
