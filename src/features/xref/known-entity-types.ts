import { Injectable } from '@nestjs/common';
import { DomainException } from '../../platform/common/errors/domain.exception';
import { MatcherRegistry } from '../../core/matching/matcher-registry';

/** A 10,000-key batch of one wrong type says so 100 times, not 10,000. */
const MAX_PROBLEMS = 100;

/**
 * The entity types this deployment resolves: one per matcher config. A request naming another type
 * is a client error (400 XREF.UNKNOWN_ENTITY_TYPE), not an unknown key: a typo in the type would
 * otherwise look like a record that does not exist (docs/xref.md).
 */
@Injectable()
export class KnownEntityTypes {
  constructor(private readonly matchers: MatcherRegistry) {}

  /** The keys of a batch: a problem named `keys[i].entityType` is built only for a key of an unknown type. */
  assertKnownKeys(keys: ReadonlyArray<{ entityType: string }>): void {
    const unknown: Array<{ entityType: string; field: string }> = [];
    for (let i = 0; i < keys.length && unknown.length < MAX_PROBLEMS; i++) {
      const entityType = keys[i].entityType;
      if (!this.matchers.has(entityType)) unknown.push({ entityType, field: `keys[${i}].entityType` });
    }
    this.assertKnown(unknown);
  }

  assertKnown(entries: Array<{ entityType: string; field: string }>): void {
    const problems = entries
      .filter((e) => !this.matchers.has(e.entityType))
      .slice(0, MAX_PROBLEMS)
      .map((e) => ({
        field: e.field,
        reason: `unknown entity type "${e.entityType}"; known: ${this.matchers.entityTypes().join(', ') || '(none)'}`,
      }));
    if (problems.length > 0) {
      throw new DomainException(
        'XREF.UNKNOWN_ENTITY_TYPE',
        'the request names an unknown entity type',
        problems,
      );
    }
  }
}
