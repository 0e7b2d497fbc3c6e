import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditEntryDto } from './audit.dto';
import type { AuditAction } from './audit-action';

export interface NewAuditEntry {
  actor: string;
  role: string;
  action: string;
  target: string;
  entityType: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export interface AuditFilter {
  actor?: string;
  action?: AuditAction;
  target?: string;
  since?: string;
  until?: string;
  /** Entries with a smaller id (newest first). */
  beforeId?: string;
  limit: number;
}

/** SQL of the append-only audit log (the table refuses UPDATE and DELETE itself). */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Written with the caller's manager: in the same transaction as the mutation it records. */
  async insert(m: EntityManager, e: NewAuditEntry): Promise<string> {
    const [row]: Array<{ id: string }> = await m.query(
      `INSERT INTO audit_log (actor, actor_role, action, target, entity_type, before, after, reason)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8) RETURNING id::text`,
      [
        e.actor,
        e.role,
        e.action,
        e.target,
        e.entityType,
        e.before === undefined ? null : JSON.stringify(e.before),
        e.after === undefined ? null : JSON.stringify(e.after),
        e.reason,
      ],
    );
    return row.id;
  }

  /** Newest first, keyset on id; each filter is optional and uses its own index. */
  async list(f: AuditFilter): Promise<AuditEntryDto[]> {
    const rows: Array<{
      id: string;
      occurred_at: Date;
      actor: string;
      actor_role: string;
      action: AuditAction;
      target: string;
      entity_type: string | null;
      before: unknown;
      after: unknown;
      reason: string | null;
    }> = await this.dataSource.query(
      `SELECT id::text, occurred_at, actor, actor_role, action, target, entity_type, before, after, reason
         FROM audit_log
        WHERE ($1::text IS NULL OR actor = $1)
          AND ($2::text IS NULL OR action = $2)
          AND ($3::text IS NULL OR target = $3)
          AND ($4::timestamptz IS NULL OR occurred_at >= $4)
          AND ($5::timestamptz IS NULL OR occurred_at < $5)
          AND ($6::bigint IS NULL OR id < $6)
        -- The bigint column: a bare "id" would be the id::text output, which sorts '9' before '10'.
        ORDER BY audit_log.id DESC
        LIMIT $7`,
      [
        f.actor ?? null,
        f.action ?? null,
        f.target ?? null,
        f.since ?? null,
        f.until ?? null,
        f.beforeId ?? null,
        f.limit,
      ],
    );
    return rows.map((r) => ({
      id: r.id,
      occurredAt: r.occurred_at.toISOString(),
      actor: r.actor,
      role: r.actor_role,
      action: r.action,
      target: r.target,
      entityType: r.entity_type,
      before: r.before,
      after: r.after,
      reason: r.reason,
    }));
  }
}
