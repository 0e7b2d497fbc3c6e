/**
 * A synthetic dataset: N source records of one entity type spread over 3–5 domains, with the
 * entity each record describes (the truth), and change events to load it, update it and delete
 * from it. Everything is a function of (entity type, N, domains, seed):
 *
 * 1. Layout: entities are drawn one after another, each known to a random subset of the domains
 *    (by each domain's coverage) and sometimes twice to one domain, until there are N records.
 * 2. Arrival order: a seeded shuffle of the records, so the records of one entity arrive far apart
 *    and in any order. A record is named by its arrival position p (its sourceId derives from p).
 * 3. Attributes: record p renders its entity, drawn from the stream (seed, entity), in its domain's
 *    style with noise from the stream (seed, entity, record), so any record can be produced on its
 *    own, in O(1), without holding the dataset in memory.
 */
import { ACCOUNT } from './kinds/account';
import { CUSTOMER } from './kinds/customer';
import type { DomainProfile, EntityKind, GeneratedAttributes } from './kinds/entity-kind';
import { PRODUCT } from './kinds/product';
import { Random } from './random';

export const ENTITY_TYPES = ['customer', 'account', 'product'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface DatasetOptions {
  readonly entityType: EntityType;
  readonly records: number;
  /** How many domains (3–5) the records are spread over. */
  readonly domains: number;
  readonly seed: number;
}

/** A change event as the contract (docs/events.md) defines it, ready for JSON.stringify. */
export interface GeneratedEvent {
  readonly eventId: string;
  readonly domain: string;
  readonly entityType: string;
  readonly sourceId: string;
  readonly op: 'upsert' | 'delete';
  readonly version: number;
  readonly occurredAt: string;
  readonly attributes?: GeneratedAttributes;
}

const KINDS: Readonly<Record<EntityType, EntityKind<unknown>>> = {
  customer: CUSTOMER,
  account: ACCOUNT,
  product: PRODUCT,
};

/** Events of a load are one millisecond apart from this instant. */
const EPOCH_MS = Date.UTC(2026, 0, 1);

export class SyntheticDataset {
  readonly entityType: EntityType;
  readonly records: number;
  readonly seed: number;
  readonly domains: readonly DomainProfile[];
  /** How many distinct entities the records describe. */
  readonly entities: number;
  private readonly kind: EntityKind<unknown>;
  /** By arrival position: the record's entity, its domain, and its ordinal among its entity's records. */
  private readonly entityOf: Uint32Array;
  private readonly domainOf: Uint8Array;
  private readonly ordinalOf: Uint8Array;

  constructor(options: DatasetOptions) {
    const { entityType, records, domains, seed } = options;
    if (!(entityType in KINDS)) throw new Error(`unknown entity type "${entityType}"`);
    if (!Number.isInteger(records) || records < 1) throw new Error('records must be a positive integer');
    if (!Number.isInteger(domains) || domains < 3 || domains > 5)
      throw new Error('domains must be 3, 4 or 5');
    this.entityType = entityType;
    this.records = records;
    this.seed = seed >>> 0;
    this.kind = KINDS[entityType];
    this.domains = this.kind.domains.slice(0, domains);

    // 1. Layout, in entity order.
    const entityOf = new Uint32Array(records);
    const domainOf = new Uint8Array(records);
    const ordinalOf = new Uint8Array(records);
    let n = 0;
    let entity = 0;
    for (; n < records; entity++) {
      const r = new Random(this.seed, 'layout', entity);
      const known: number[] = [];
      this.domains.forEach((d, i) => {
        if (r.chance(d.coverage)) known.push(i);
      });
      if (known.length === 0) known.push(r.int(0, this.domains.length - 1));
      if (r.chance(this.kind.duplicateRate)) known.push(r.pick(known));
      for (let k = 0; k < known.length && n < records; k++, n++) {
        entityOf[n] = entity;
        domainOf[n] = known[k];
        ordinalOf[n] = k;
      }
    }
    this.entities = entity;

    // 2. Arrival order.
    const order = new Uint32Array(records);
    for (let i = 0; i < records; i++) order[i] = i;
    const r = new Random(this.seed, 'arrival');
    for (let i = records - 1; i > 0; i--) {
      const j = Math.floor(r.next() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    this.entityOf = new Uint32Array(records);
    this.domainOf = new Uint8Array(records);
    this.ordinalOf = new Uint8Array(records);
    for (let p = 0; p < records; p++) {
      this.entityOf[p] = entityOf[order[p]];
      this.domainOf[p] = domainOf[order[p]];
      this.ordinalOf[p] = ordinalOf[order[p]];
    }
  }

  domainOfRecord(p: number): string {
    return this.domains[this.domainOf[p]].name;
  }

  sourceIdOf(p: number): string {
    return `${this.domains[this.domainOf[p]].idPrefix}${100_000 + p}`;
  }

  /** The record's key in the truth file: `domain:entityType:sourceId`, the Kafka key of its events. */
  sourceKey(p: number): string {
    return `${this.domainOfRecord(p)}:${this.entityType}:${this.sourceIdOf(p)}`;
  }

  /** The true entity of record p. */
  entityId(p: number): string {
    return `${this.entityType}-${this.entityOf[p]}`;
  }

  /**
   * Record p's attributes at `version` (1 = as first loaded). Each later version applies one more
   * real-world change to the entity (drawn per record and version), rendered afresh.
   */
  attributes(p: number, version = 1): GeneratedAttributes {
    const entity = this.entityOf[p];
    let state = this.kind.entity(this.seed, entity);
    for (let v = 2; v <= version; v++) state = this.kind.change(state, new Random(this.seed, 'change', p, v));
    const domain = this.domains[this.domainOf[p]];
    const noise = new Random(this.seed, 'record', entity, this.ordinalOf[p], domain.name, version);
    const attributes = this.kind.render(state, domain, noise);
    for (const key of Object.keys(attributes)) if (attributes[key] === null) delete attributes[key];
    return attributes;
  }

  /** The upsert of record p at `version`, occurring at `atMs` (default: its arrival position). */
  upsert(p: number, version = 1, atMs = EPOCH_MS + p): GeneratedEvent {
    return {
      eventId: this.eventId(p, version),
      domain: this.domainOfRecord(p),
      entityType: this.entityType,
      sourceId: this.sourceIdOf(p),
      op: 'upsert',
      version,
      occurredAt: new Date(atMs).toISOString(),
      attributes: this.attributes(p, version),
    };
  }

  /** The delete of record p, as its `version`. */
  delete(p: number, version: number, atMs = EPOCH_MS + this.records + p): GeneratedEvent {
    return {
      eventId: this.eventId(p, version),
      domain: this.domainOfRecord(p),
      entityType: this.entityType,
      sourceId: this.sourceIdOf(p),
      op: 'delete',
      version,
      occurredAt: new Date(atMs).toISOString(),
    };
  }

  /**
   * The whole stream: every record's upsert in arrival order, then `updates` updates of random
   * records (a record may be updated several times; versions increase), then `deletes` deletes of
   * distinct random records. `truth()` afterwards lists the records that are still live.
   */
  *events(options: { updates?: number; deletes?: number } = {}): Generator<GeneratedEvent> {
    const { updates = 0, deletes = 0 } = options;
    if (deletes > this.records) throw new Error('more deletes than records');
    for (let p = 0; p < this.records; p++) yield this.upsert(p);
    const versions = new Map<number, number>();
    const r = new Random(this.seed, 'changes');
    let at = EPOCH_MS + this.records;
    for (let u = 0; u < updates; u++) {
      const p = r.int(0, this.records - 1);
      const version = (versions.get(p) ?? 1) + 1;
      versions.set(p, version);
      yield this.upsert(p, version, at++);
    }
    for (const p of this.deletedRecords(deletes)) {
      const version = (versions.get(p) ?? 1) + 1;
      versions.set(p, version);
      yield this.delete(p, version, at++);
    }
  }

  /** Which records `events({ deletes })` deletes, in the order it deletes them. */
  deletedRecords(deletes: number): number[] {
    const r = new Random(this.seed, 'deletes');
    const chosen = new Set<number>();
    const out: number[] = [];
    while (out.length < deletes) {
      const p = r.int(0, this.records - 1);
      if (chosen.has(p)) continue;
      chosen.add(p);
      out.push(p);
    }
    return out;
  }

  /** The truth: every live record's key and its entity, in arrival order. */
  *truth(deletes = 0): Generator<{ sourceKey: string; entityId: string }> {
    const deleted = new Set(this.deletedRecords(deletes));
    for (let p = 0; p < this.records; p++) {
      if (!deleted.has(p)) yield { sourceKey: this.sourceKey(p), entityId: this.entityId(p) };
    }
  }

  private eventId(p: number, version: number): string {
    return `syn-${this.entityType}-${this.seed}-${p}-v${version}`;
  }
}
