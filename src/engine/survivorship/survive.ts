/**
 * Survivorship: the golden entity's attribute values, chosen per field from its members' current
 * source attributes by the strategy the matcher config names (source priority by domain, most
 * recent, most frequent, longest, non-null first). Null and empty values never survive. Every
 * choice is deterministic: ties fall to the more recent member, then to the oldest record.
 */
import type { SurvivorshipConfig, SurvivorshipStrategy } from '../config/matcher-config.types';
import { compareRecordIds } from '../clustering/record-id';

export interface SurvivorMember {
  readonly recordId: string;
  readonly domain: string;
  readonly sourceId: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** When the member's attributes last changed (ms). */
  readonly updatedAt: number;
}

export interface SurvivedValue {
  value: unknown;
  recordId: string;
  domain: string;
  sourceId: string;
}

const isEmpty = (value: unknown): boolean =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

type Candidate = { member: SurvivorMember; value: unknown };

/** More recent first, then the older record (lower id). */
const byRecency = (x: Candidate, y: Candidate): number =>
  y.member.updatedAt - x.member.updatedAt || compareRecordIds(x.member.recordId, y.member.recordId);

function choose(candidates: Candidate[], strategy: SurvivorshipStrategy): Candidate {
  switch (strategy.strategy) {
    case 'source_priority': {
      const rank = (c: Candidate) => {
        const i = strategy.priority.indexOf(c.member.domain);
        return i === -1 ? strategy.priority.length : i;
      };
      return [...candidates].sort((x, y) => rank(x) - rank(y) || byRecency(x, y))[0];
    }
    case 'most_recent':
      return [...candidates].sort(byRecency)[0];
    case 'most_frequent': {
      const counts = new Map<string, number>();
      for (const c of candidates) {
        const key = JSON.stringify(c.value);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const count = (c: Candidate) => counts.get(JSON.stringify(c.value))!;
      return [...candidates].sort((x, y) => count(y) - count(x) || byRecency(x, y))[0];
    }
    case 'longest': {
      const length = (c: Candidate) =>
        typeof c.value === 'string' ? c.value.length : JSON.stringify(c.value).length;
      return [...candidates].sort((x, y) => length(y) - length(x) || byRecency(x, y))[0];
    }
    case 'non_null_first':
      return [...candidates].sort((x, y) => compareRecordIds(x.member.recordId, y.member.recordId))[0];
  }
}

export function survive(
  members: readonly SurvivorMember[],
  config: SurvivorshipConfig,
): Record<string, SurvivedValue> {
  const fields = new Set<string>();
  for (const m of members) for (const field of Object.keys(m.attributes)) fields.add(field);
  // Field names are the producers' (`constructor`, `__proto__` are legal): no prototype to collide with.
  const result = Object.create(null) as Record<string, SurvivedValue>;
  for (const field of [...fields].sort()) {
    const candidates = members
      .filter((m) => !isEmpty(m.attributes[field]))
      .map((member) => ({ member, value: member.attributes[field] }));
    if (candidates.length === 0) continue;
    const strategy = Object.hasOwn(config.fields, field) ? config.fields[field] : config.default;
    const { member, value } = choose(candidates, strategy);
    result[field] = { value, recordId: member.recordId, domain: member.domain, sourceId: member.sourceId };
  }
  return result;
}
