import type { Random } from '../random';

/** Flat attributes, as the change-event contract carries them (dotted names for nested fields). */
export type GeneratedAttributes = Record<string, string | number | null>;

/**
 * One entity type the generator can produce. An entity is drawn from its own random stream
 * (seed, entity index), so any record of it can be regenerated alone; each source record renders the
 * entity in its domain's style with its own noise.
 */
export interface EntityKind<Entity> {
  readonly entityType: 'customer' | 'account' | 'product';
  /** Five domains in order of coverage; a dataset with D domains uses the first D. */
  readonly domains: readonly DomainProfile[];
  /** Chance that an entity has a second record in the same domain (a duplicate inside one system). */
  readonly duplicateRate: number;
  entity(seed: number, index: number): Entity;
  /** A record of `entity` as `domain` holds it; `random` is the record's own stream. */
  render(entity: Entity, domain: DomainProfile, random: Random): GeneratedAttributes;
  /** The entity after a real-world change (moved house, new phone, repriced), for update events. */
  change(entity: Entity, random: Random): Entity;
}

export interface DomainProfile {
  readonly name: string;
  /** Prefix of the domain's source ids ("C-", "ACC-"). */
  readonly idPrefix: string;
  /** Chance that an entity is known to this domain. */
  readonly coverage: number;
}
