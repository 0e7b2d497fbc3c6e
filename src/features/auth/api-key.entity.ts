import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../../platform/common/http/roles';

@Entity({ name: 'api_keys' })
@Check('ck_api_keys_role', `"role" IN ('reader', 'ingest', 'steward', 'admin')`)
@Index('uq_api_keys_hash', ['keyHash'], { unique: true })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', name: 'id', primaryKeyConstraintName: 'pk_api_keys' })
  id!: string;

  @Column({ type: 'text', name: 'name' })
  name!: string;

  @Column({ type: 'text', name: 'role' })
  role!: Role;

  @Column({ type: 'text', name: 'key_hash' })
  keyHash!: string;

  /** The first characters of the key, so an operator can tell keys apart without the secret. */
  @Column({ type: 'text', name: 'key_prefix' })
  keyPrefix!: string;

  @Column({ type: 'text', name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'text', name: 'revoked_by', nullable: true })
  revokedBy!: string | null;
}
