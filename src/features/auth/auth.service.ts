import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { Actor } from '../../platform/common/actor';
import { DomainException } from '../../platform/common/errors/domain.exception';
import { AppConfig } from '../../platform/config/app-config';
import { AuditService } from '../../platform/audit/audit.service';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { isTransientDatabaseError } from '../../platform/database/transient-error';
import { ApiKeyRepository, ApiKeyRow } from './api-key.repository';
import type { Principal, Role } from '../../platform/common/http/roles';

/** Verified keys are remembered this long; a revocation takes effect within it everywhere. */
const CACHE_MS = 10_000;
const CACHE_MAX = 10_000;

export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * API keys: `Authorization: Bearer <key>`. Keys are 256 random bits shown once at creation and
 * stored only as SHA-256 hashes. ADMIN_API_KEY is the first admin key, compared in constant time
 * and never stored, so an operator can always get in to create the others.
 */
@Injectable()
export class AuthService {
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();
  private readonly bootstrapHash: Buffer | null;

  constructor(
    config: AppConfig,
    private readonly keys: ApiKeyRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {
    this.bootstrapHash = config.ADMIN_API_KEY ? Buffer.from(hashKey(config.ADMIN_API_KEY), 'hex') : null;
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match)
      throw new DomainException(
        'AUTH.UNAUTHENTICATED',
        'an API key is required: Authorization: Bearer <key>',
      );
    const hash = hashKey(match[1]);
    if (this.bootstrapHash && timingSafeEqual(Buffer.from(hash, 'hex'), this.bootstrapHash)) {
      return { id: 'bootstrap-admin', name: 'ADMIN_API_KEY', role: 'admin' };
    }
    const now = Date.now();
    const cached = this.cache.get(hash);
    let principal = cached && cached.until > now ? cached.principal : undefined;
    if (principal === undefined) {
      const row = await this.keys.findActiveByHash(hash).catch((e: unknown) => {
        // Without the database no key can be checked: "try again later", not a server error.
        if (isTransientDatabaseError(e))
          throw new DomainException(
            'COMMON.UNAVAILABLE',
            'API keys cannot be checked now: the database is unavailable',
          );
        throw e;
      });
      principal = row ? { id: row.id, name: row.name, role: row.role } : null;
      if (this.cache.size >= CACHE_MAX) this.cache.clear();
      this.cache.set(hash, { principal, until: now + CACHE_MS });
    }
    if (!principal) throw new DomainException('AUTH.UNAUTHENTICATED', 'unknown or revoked API key');
    return principal;
  }

  /** Creates a key; the clear key is returned here once and never again. */
  async create(actor: Actor, name: string, role: Role): Promise<{ key: string; record: ApiKeyRow }> {
    const key = `jk_${randomBytes(32).toString('base64url')}`;
    const record = await this.transactions.run(async (m: EntityManager) => {
      const row = await this.keys.insert(m, {
        name,
        role,
        hash: hashKey(key),
        prefix: key.slice(0, 10),
        createdBy: actor.id,
      });
      await this.audit.record(m, actor, {
        action: 'api_key.create',
        target: `api_key:${row.id}`,
        entityType: null,
        before: null,
        after: { id: row.id, name, role, keyPrefix: row.keyPrefix },
        reason: null,
      });
      return row;
    });
    return { key, record };
  }

  list(limit: number): Promise<ApiKeyRow[]> {
    return this.keys.list(limit);
  }

  async revoke(actor: Actor, id: string, reason: string | null): Promise<ApiKeyRow> {
    const row = await this.transactions.run(async (m: EntityManager) => {
      const revoked = await this.keys.revoke(m, id, actor.id);
      if (!revoked) throw new DomainException('COMMON.NOT_FOUND', `no active API key ${id}`);
      await this.audit.record(m, actor, {
        action: 'api_key.revoke',
        target: `api_key:${id}`,
        entityType: null,
        before: { id, name: revoked.name, role: revoked.role },
        after: { revokedAt: revoked.revokedAt },
        reason,
      });
      return revoked;
    });
    this.cache.clear();
    return row;
  }
}
