import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../common/actor';
import {
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  isDecimalId,
  isObject,
} from '../common/keyset-cursor';
import type { AuditPageDto, AuditQueryDto } from './audit.dto';
import type { AuditAction } from './audit-action';
import { AuditRepository } from './audit.repository';

/** What a steward or admin changed, as one audit entry (the actor comes from the request). */
export interface AuditRecord {
  action: AuditAction;
  target: string;
  entityType: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** The audit log: written inside the caller's transaction, read newest first. */
@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  record(m: EntityManager, actor: Actor, entry: AuditRecord): Promise<string> {
    return this.audit.insert(m, { ...entry, actor: actor.id, role: actor.role });
  }

  async list(q: AuditQueryDto): Promise<AuditPageDto> {
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const cursor = q.cursor
      ? decodeCursor(q.cursor, (v): v is { i: string } => isObject(v) && isDecimalId(v.i))
      : undefined;
    const rows = await this.audit.list({
      actor: q.actor,
      action: q.action,
      target: q.target,
      since: q.since,
      until: q.until,
      beforeId: cursor?.i,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    return {
      items,
      nextCursor: rows.length > limit ? encodeCursor({ i: items[items.length - 1].id }) : null,
    };
  }
}
