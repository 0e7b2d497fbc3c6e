import type { EntityManager } from 'typeorm';
import type { Matcher } from '../engine';
import type { ResolutionRepository } from './resolution.repository';

/** The keys of one transaction's records, before and after it wrote them. */
export interface KeyChange {
  /** Keys of the records stored before this transaction (updated or deleted ones). */
  before: Map<string, string[]>;
  /** Keys of the records upserted by this transaction. */
  after: Map<string, string[]>;
}

/**
 * The skew cap as a rule on the final state (docs/resolution.md, "Blocking"): an automatic match
 * edge stands only while its two records share a key whose block is within its cap. Candidate
 * retrieval already skips a block over its cap; this removes the edges found through a block while
 * it was still under the cap, when the transaction that pushes it past the cap runs. So the edges
 * do not depend on which records happened to arrive before the block filled up, nor on the batch
 * boundaries: they are those of loading every record at once.
 *
 * Bounded: only the keys this transaction pushed past their cap are examined (before ≤ cap < after),
 * which a key does once (again only if deletes bring it back under its cap). Returns the pruned
 * pairs (a < b); the caller reclusters their entities.
 */
export async function pruneOverfullBlocks(
  m: EntityManager,
  records: ResolutionRepository,
  matcher: Matcher,
  skipped: string[],
  keys: KeyChange,
): Promise<Array<{ a: string; b: string }>> {
  const entityType = matcher.config.entityType;
  const crossed = await crossedKeys(m, records, matcher, skipped, keys);
  if (crossed.length === 0) return [];
  const edges = await records.autoEdgesSharing(m, entityType, crossed);
  // An edge stays if one key its records share (other than those over their cap) is within its cap.
  const over = new Set(crossed);
  const others = [...new Set(edges.flatMap((e) => e.shared))].filter((k) => !over.has(k));
  const caps = others.map((k) => matcher.maxBlockSize(k));
  const sizes = await records.blockSizes(m, entityType, others, caps);
  others.forEach((k, i) => {
    if ((sizes.get(k) ?? 0) > caps[i]) over.add(k);
  });
  const pruned = edges.filter((e) => e.shared.every((k) => over.has(k))).map(({ a, b }) => ({ a, b }));
  await records.deleteAutoEdges(m, pruned);
  return pruned;
}

/**
 * The skipped keys whose block was within its cap before this transaction's key writes. The block
 * after the writes is counted up to cap + gained: before = after − gained + lost ≤ cap exactly when
 * after ≤ cap + gained − lost.
 */
async function crossedKeys(
  m: EntityManager,
  records: ResolutionRepository,
  matcher: Matcher,
  skipped: string[],
  { before, after }: KeyChange,
): Promise<string[]> {
  if (skipped.length === 0) return [];
  const gained = new Map<string, number>();
  const lost = new Map<string, number>();
  const bump = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const [id, keys] of after) {
    const old = new Set(before.get(id) ?? []);
    for (const k of new Set(keys)) if (!old.has(k)) bump(gained, k);
  }
  for (const [id, keys] of before) {
    const now = new Set(after.get(id) ?? []);
    for (const k of new Set(keys)) if (!now.has(k)) bump(lost, k);
  }
  const candidates = skipped.filter((k) => (gained.get(k) ?? 0) > (lost.get(k) ?? 0));
  const caps = candidates.map((k) => matcher.maxBlockSize(k));
  const limits = candidates.map((k, i) => caps[i] + (gained.get(k) ?? 0));
  const sizes = await records.blockSizes(m, matcher.config.entityType, candidates, limits);
  return candidates.filter(
    (k, i) => (sizes.get(k) ?? 0) <= caps[i] + (gained.get(k) ?? 0) - (lost.get(k) ?? 0),
  );
}
