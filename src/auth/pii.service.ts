import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { TransactionRunner } from '../database/transaction-runner';
import { MatcherRegistry } from '../matching/matcher-registry';

/**
 * The one read policy for personal data, reused by every route that returns attributes,
 * explanations or blocking keys (docs/security.md, "What is masked where"). Matcher configs mark
 * attributes `pii: true`; those attributes and the raw source fields they are derived from
 * (`source:`, dotted names included: attributes are stored flat under `address.line1`, never
 * nested) are personal data. Readers get those values masked (`***`) and
 * cannot search on them; stewards and admins get them clear, and each such read is written to the
 * audit log (`pii.read`). Blocking keys carry normalized values, so readers get only the rule's name.
 */
@Injectable()
export class PiiService {
  /** Per compiled matcher, so a matcher applied at run time brings its own PII fields. */
  private readonly cache = new WeakMap<object, ReadonlySet<string>>();

  constructor(
    private readonly matchers: MatcherRegistry,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Readers see masked values; stewards and admins see clear ones. */
  masks(actor: Actor): boolean {
    return actor.role !== 'steward' && actor.role !== 'admin';
  }

  /**
   * Every stored field name that holds PII for the entity type (all types' when unknown): each
   * `pii: true` attribute's own name and its source fields, exactly as stored (dotted or not).
   */
  fields(entityType: string | null): ReadonlySet<string> {
    const types = entityType && this.matchers.has(entityType) ? [entityType] : this.matchers.entityTypes();
    if (types.length === 1) return this.fieldsOf(types[0]);
    const union = new Set<string>();
    for (const type of types) for (const field of this.fieldsOf(type)) union.add(field);
    return union;
  }

  private fieldsOf(entityType: string): ReadonlySet<string> {
    const matcher = this.matchers.get(entityType);
    let fields = this.cache.get(matcher);
    if (!fields) {
      const set = new Set<string>();
      for (const attribute of matcher.config.attributes.values()) {
        if (!attribute.pii) continue;
        set.add(attribute.name);
        for (const field of attribute.source) set.add(field);
      }
      fields = set;
      this.cache.set(matcher, fields);
    }
    return fields;
  }

  /** The fields a search by this actor may match on: readers never match on PII. */
  searchExclusions(actor: Actor, entityType: string): ReadonlySet<string> {
    return this.masks(actor) ? this.fields(entityType) : new Set();
  }

  /** A record of attribute values with its PII fields masked, through `get`/`set` of each entry. */
  maskRecord<T>(
    entityType: string | null,
    record: Record<string, T>,
    mask: (entry: T) => T,
  ): Record<string, T> {
    const pii = this.fields(entityType);
    // Object.fromEntries defines own properties, so a field named `__proto__` stays data.
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

/**
 * Any present value → `***`; null stays null (a reader may know a field is empty). Nothing of the
 * value is kept: a first letter or an email's domain narrows a guess as much as the value confirms it.
 */
export function maskValue(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  return '***';
}

/** `email:ada@example.com` → `email:***`: the rule's name stays, the value goes. */
export function maskBlockingKey(key: string | null): string | null {
  if (key === null) return null;
  const colon = key.indexOf(':');
  return colon < 0 ? '***' : `${key.slice(0, colon)}:***`;
}
