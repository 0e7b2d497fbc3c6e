import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { TransactionRunner } from '../database/transaction-runner';
import { MatcherRegistry } from '../matching/matcher-registry';

/**
 * PII in read responses. Matcher configs mark attributes `pii: true`; the raw source fields behind
 * them are personal data. Readers get those values masked (`a***@example.com`, `L***`); stewards
 * and admins get them clear, and each such read is written to the audit log (`pii.read`).
 * Blocking keys in explanations carry normalized values, so readers get only the rule's name.
 */
@Injectable()
export class PiiService {
  private readonly cache = new Map<string, ReadonlySet<string>>();

  constructor(
    private readonly matchers: MatcherRegistry,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Readers see masked values; stewards and admins see clear ones. */
  masks(actor: Actor): boolean {
    return actor.role !== 'steward' && actor.role !== 'admin';
  }

  /** Raw source fields behind the entity type's PII attributes (all types' when unknown). */
  fields(entityType: string | null): ReadonlySet<string> {
    const key = entityType ?? '*';
    let fields = this.cache.get(key);
    if (!fields) {
      const types = entityType && this.matchers.has(entityType) ? [entityType] : this.matchers.entityTypes();
      const set = new Set<string>();
      for (const type of types) {
        for (const attribute of this.matchers.get(type).config.attributes.values()) {
          if (attribute.pii) attribute.source.forEach((field) => set.add(field.split('.')[0]));
        }
      }
      fields = set;
      this.cache.set(key, fields);
    }
    return fields;
  }

  /** A record of attribute values with its PII fields masked, through `get`/`set` of each entry. */
  maskRecord<T>(
    entityType: string | null,
    record: Record<string, T>,
    mask: (entry: T) => T,
  ): Record<string, T> {
    const pii = this.fields(entityType);
    return Object.fromEntries(
      Object.entries(record).map(([field, entry]) => [field, pii.has(field) ? mask(entry) : entry]),
    );
  }

  /** Whether any of these fields is PII for the entity type (a clear read worth auditing). */
  touchesPii(entityType: string | null, fields: Iterable<string>): boolean {
    const pii = this.fields(entityType);
    for (const field of fields) if (pii.has(field)) return true;
    return false;
  }

  /** Records that a steward or admin read PII in the clear. */
  async recordClearRead(actor: Actor, target: string, entityType: string | null): Promise<void> {
    await this.transactions.run((m) =>
      this.audit.record(m, actor, {
        action: 'pii.read',
        target,
        entityType,
        before: null,
        after: null,
        reason: null,
      }),
    );
  }
}

/** `ada@example.com` → `a***@example.com`; `Lovelace` → `L***`; anything else → `***`. */
export function maskValue(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value !== 'string' || value.length === 0) return '***';
  const at = value.indexOf('@');
  if (at > 0) return `${value[0]}***${value.slice(at)}`;
  return `${value[0]}***`;
}

/** `email:ada@example.com` → `email:***`: the rule's name stays, the value goes. */
export function maskBlockingKey(key: string | null): string | null {
  if (key === null) return null;
  const colon = key.indexOf(':');
  return colon < 0 ? '***' : `${key.slice(0, colon)}:***`;
}
