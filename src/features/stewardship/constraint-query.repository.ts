import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ConstraintDto } from './constraint-response.dto';
import type { ConstraintKind } from '../../core/resolution/link-constraint.entity';

export interface ConstraintFilter {
  entityType?: string;
  /** Constraints of one record (with entityType). */
  record?: { domain: string; sourceId: string };
  status: 'active' | 'revoked' | 'all';
  /** Constraints with a smaller id (newest first). */
  beforeId?: string;
  limit: number;
}

const SELECT = `
  SELECT c.id::text, c.kind, c.entity_type, c.created_by, c.reason, c.created_at, c.revoked_at,
         c.revoked_by, c.revoke_reason, sa.domain AS a_domain, sa.source_id AS a_source_id,
         sb.domain AS b_domain, sb.source_id AS b_source_id
    FROM link_constraints c
    JOIN source_records sa ON sa.id = c.record_a
    JOIN source_records sb ON sb.id = c.record_b`;

/** The filtered record's id, evaluated once per query (an InitPlan), so both record indexes apply. */
const RECORD_ID = `SELECT id FROM source_records WHERE entity_type = $1 AND domain = $2 AND source_id = $3`;

interface Row {
  id: string;
  kind: ConstraintKind;
  entity_type: string;
  created_by: string;
  reason: string;
  created_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  a_domain: string;
  a_source_id: string;
  b_domain: string;
  b_source_id: string;
}

/** Reads of link constraints with their records named by key. */
@Injectable()
export class ConstraintQueryRepository {
  async list(m: EntityManager, f: ConstraintFilter): Promise<ConstraintDto[]> {
    const rows: Row[] = await m.query(
      `${SELECT}
        WHERE ($1::text IS NULL OR c.entity_type = $1)
          AND ($2::text IS NULL OR c.record_a = (${RECORD_ID}) OR c.record_b = (${RECORD_ID}))
          AND ($4::text = 'all' OR ($4::text = 'active') = (c.revoked_at IS NULL))
          AND ($5::bigint IS NULL OR c.id < $5)
        ORDER BY c.id DESC
        LIMIT $6`,
      [
        f.entityType ?? null,
        f.record?.domain ?? null,
        f.record?.sourceId ?? null,
        f.status,
        f.beforeId ?? null,
        f.limit,
      ],
    );
    return rows.map(toDto);
  }

  async get(m: EntityManager, id: string): Promise<ConstraintDto | null> {
    const [row]: Row[] = await m.query(`${SELECT} WHERE c.id = $1`, [id]);
    return row ? toDto(row) : null;
  }
}

function toDto(r: Row): ConstraintDto {
  return {
    id: r.id,
    kind: r.kind,
    entityType: r.entity_type,
    a: { domain: r.a_domain, sourceId: r.a_source_id },
    b: { domain: r.b_domain, sourceId: r.b_source_id },
    active: r.revoked_at === null,
    createdBy: r.created_by,
    reason: r.reason,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
    revokedBy: r.revoked_by,
    revokeReason: r.revoke_reason,
  };
}
