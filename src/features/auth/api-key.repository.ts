import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { EntityManager } from 'typeorm';
import type { Role } from '../../platform/common/http/roles';
import { updateReturning } from '../../platform/database/update-returning';

export interface ApiKeyRow {
  id: string;
  name: string;
  role: Role;
  keyPrefix: string;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

interface Row {
  id: string;
  name: string;
  role: Role;
  key_prefix: string;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
}

const toRow = (r: Row): ApiKeyRow => ({
  id: r.id,
  name: r.name,
  role: r.role,
  keyPrefix: r.key_prefix,
  createdBy: r.created_by,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

const COLUMNS = `id::text, name, role, key_prefix, created_by, created_at, revoked_at`;

@Injectable()
export class ApiKeyRepository {
  constructor(@InjectEntityManager() private readonly manager: EntityManager) {}

  async findActiveByHash(hash: string): Promise<ApiKeyRow | null> {
    const rows: Row[] = await this.manager.query(
      `SELECT ${COLUMNS} FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async insert(
    m: EntityManager,
    key: { name: string; role: Role; hash: string; prefix: string; createdBy: string },
  ): Promise<ApiKeyRow> {
    const rows: Row[] = await m.query(
      `INSERT INTO api_keys (name, role, key_hash, key_prefix, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [key.name, key.role, key.hash, key.prefix, key.createdBy],
    );
    return toRow(rows[0]);
  }

  /** Newest first, bounded. */
  async list(limit: number): Promise<ApiKeyRow[]> {
    const rows: Row[] = await this.manager.query(
      // api_keys.id, not id: the output column `id` is text, and '10' sorts before '9'.
      `SELECT ${COLUMNS} FROM api_keys ORDER BY api_keys.id DESC LIMIT $1`,
      [limit],
    );
    return rows.map(toRow);
  }

  async revoke(m: EntityManager, id: string, by: string): Promise<ApiKeyRow | null> {
    const rows = await updateReturning<Row>(
      m,
      `UPDATE api_keys SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
      [id, by],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }
}
