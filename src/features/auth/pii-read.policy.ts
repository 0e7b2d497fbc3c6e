import { Injectable } from '@nestjs/common';
import { AuditService } from '../../platform/audit/audit.service';
import type { Actor } from '../../platform/common/actor';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { MatcherRegistry } from '../../core/matching/matcher-registry';
import { PiiMask, piiFields } from './pii-mask';
import { GRANTS, Role } from '../../platform/common/http/roles';

/**
 * A response shape that carries personal data, described once next to its DTO: how to mask it,
 * and what a clear read of it is recorded as.
 */
export interface PiiView<T> {
  /** The audit target of a clear read, `<kind>:<id>` (e.g. `golden:4b0c…`, `review:12`). */
  target(result: T): string;
  /** The entity type the audit entry names; null when the result spans several. */
  entityType(result: T): string | null;
  /** The result with every PII value handed to `mask`; it must not change `result` itself. */
  mask(result: T, mask: PiiMask): T;
}

/**
 * The one read policy for personal data (docs/security.md, "What is masked where"): every route
 * that returns attributes, explanations or blocking keys passes its result through `read`. Matcher
 * configs mark attributes `pii: true`; those attributes and the raw source fields they are derived
 * from (`source:`, dotted names included: attributes are stored flat under `address.line1`, never
 * nested) are personal data. Readers get a masked view (`***`) and cannot search on them; the roles
 * granted the steward role get the clear view, and each clear read that shows PII is written to the
 * audit log (`pii.read`).
 */
@Injectable()
export class PiiReadPolicy {
  /** Per compiled matcher, so a matcher applied at run time brings its own PII fields. */
  private readonly cache = new WeakMap<object, ReadonlySet<string>>();

  constructor(
    private readonly matchers: MatcherRegistry,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
  ) {}

  /** The view of `result` this actor may see; a clear view that shows PII is audited first. */
  async read<T>(actor: Actor, result: T, view: PiiView<T>): Promise<T> {
    const mask = new PiiMask((entityType) => this.fields(entityType));
    const masked = view.mask(result, mask);
    if (!this.seesClear(actor)) return masked;
    if (mask.hid) await this.recordClearRead(actor, view.target(result), view.entityType(result));
    return result;
  }

  /** The fields a search by this actor may match on: readers never match on PII. */
  searchExclusions(actor: Actor, entityType: string): ReadonlySet<string> {
    return this.seesClear(actor) ? new Set() : this.fields(entityType);
  }

  /** Those who may act as stewards see personal data in the clear (the role table, not a restatement). */
  private seesClear(actor: Actor): boolean {
    return GRANTS.steward.includes(actor.role as Role);
  }

  /**
   * Every stored field name that holds PII for the entity type (all types' when unknown or null:
   * over-masking is the safe side): each `pii: true` attribute's own name and its source fields.
   */
  private fields(entityType: string | null): ReadonlySet<string> {
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
      fields = piiFields(matcher.config.attributes.values());
      this.cache.set(matcher, fields);
    }
    return fields;
  }

  private async recordClearRead(actor: Actor, target: string, entityType: string | null): Promise<void> {
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
