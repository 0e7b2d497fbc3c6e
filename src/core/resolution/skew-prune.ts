import type { EntityManager } from 'typeorm';
import type { Matcher } from '../../engine';
import type { RecordPair } from './record-pair';
import type { ResolutionRepository } from './resolution.repository';
import type { ReviewRepository } from './review.repository';

/** How one transaction changed the blocks: per key, the members it added and removed. */
export interface KeyGrowth {
  gained: Map<string, number>;
  lost: Map<string, number>;
}

/**
 * The growth of each block from the records' keys before (records stored before this transaction)
 * and after (records it upserts; a deleted record has none).
 */
export function keyGrowth(before: Map<string, string[]>, after: Map<string, string[]>): KeyGrowth {
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
  return { gained, lost };
}

/**
 * The skipped keys whose block was within its cap before this transaction's key writes, from their
 * sizes after the writes counted up to cap + gained + 1: before = after − gained + lost ≤ cap
 * exactly when after ≤ cap + gained − lost.
 */
export function crossedKeys(
  matcher: Matcher,
  skipped: string[],
  sizes: Map<string, number>,
  { gained, lost }: KeyGrowth,
): string[] {
  return skipped.filter((k) => {
    const g = gained.get(k) ?? 0;
    return g > 0 && (sizes.get(k) ?? 0) <= matcher.maxBlockSize(k) + g - (lost.get(k) ?? 0);
  });
}

/**
 * The skew cap as a rule on the final state (docs/resolution.md, "Blocking"): an automatic match
 * edge stands, and an open review-band item stays open, only while its two records share a key
 * whose block is within its cap. Candidate retrieval already skips a block over its cap; this
 * removes the edges and supersedes the open items found through a block while it was still under
 * the cap, when the transaction that pushes it past the cap runs. So the edges and the steward's
 * queue do not depend on which records happened to arrive before the block filled up, nor on the
 * batch boundaries: they are those of loading every record at once. The open constraint-conflict
 * items of the removed edges (a guard refused them) go with them; decided items and a steward's
 * merge sent to review are a steward's business and stay.
 *
 * Bounded: only the keys a transaction pushed past their cap (`crossedKeys`) are examined, which a
 * key does once (again only if deletes bring it back within its cap). Returns the pruned edges
 * (a < b); the caller reclusters their entities (a review item links nobody).
 */
export async function pruneOverfullBlocks(
  m: EntityManager,
  records: ResolutionRepository,
  reviews: ReviewRepository,
  matcher: Matcher,
  crossed: string[],
): Promise<RecordPair[]> {
  if (crossed.length === 0) return [];
  const entityType = matcher.config.entityType;
  const pairs = await records.pairsSharing(m, entityType, crossed, async (ids) => [
    ...(await records.autoEdgesFrom(m, ids)).map((p) => ({ ...p, review: false })),
    ...(await reviews.openReviewBandFrom(m, ids)).map((p) => ({ ...p, review: true })),
  ]);
  // A pair stays if one key its records share (other than those over their cap) is within its cap.
  const over = new Set(crossed);
  const others = [...new Set(pairs.flatMap((p) => p.shared))].filter((k) => !over.has(k));
  const caps = others.map((k) => matcher.maxBlockSize(k));
  const sizes = await records.blockSizes(m, entityType, others, caps);
  others.forEach((k, i) => {
    if ((sizes.get(k) ?? 0) > caps[i]) over.add(k);
  });
  const gone = pairs.filter((p) => p.shared.every((k) => over.has(k)));
  const pruned = gone.filter((p) => !p.review).map(({ a, b }) => ({ a, b }));
  await records.deleteAutoEdges(m, pruned);
  // A guard's refusal of a pruned edge is no longer a question either: the edge it refused is gone.
  await reviews.supersedeStale(m, [
    ...gone.filter((p) => p.review).map(({ a, b }) => ({ a, b, reason: 'review_band' as const })),
    ...pruned.map(({ a, b }) => ({ a, b, reason: 'constraint_conflict' as const })),
  ]);
  return pruned;
}
