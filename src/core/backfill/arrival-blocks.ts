/**
 * Candidate pairs of a backfill, exactly as the incremental path would have found them had the
 * records arrived batch by batch in id order (resolution/candidate-scoring.ts):
 * - a record is compared with the records stored so far that share one of its keys, unless that
 *   key's block, counted with the record's own batch, is over its cap (`max_block_size`): then the
 *   key is skipped for it. So a block over its cap still links its first members (those of the
 *   batches before it grew past the cap), where the in-memory batch linker skips it whole;
 * - but a match edge stands only if its two records share a key whose final block is within its
 *   cap (`linksThrough`): the incremental path removes the others when the block passes its cap
 *   (resolution/skew-prune.ts), while the review items opened before then stay;
 * - the key recorded in a pair's explanation is the first shared usable key of the record that
 *   found the pair: the older one when both arrived in one batch, else the newer one.
 * Records are given in id order with their (non-decreasing) arrival batch.
 */
import type { Matcher } from '../../engine';

export interface ArrivalBlocks {
  /** Usable key → the members of its block that ever compared through it (ascending index). */
  readonly blocks: ReadonlyMap<string, readonly number[]>;
  /** Keys whose block outgrew its cap (their later members were never compared through them). */
  readonly capped: number;
  /** Those keys: a pair they are the only shared keys of is not linked. */
  readonly over: ReadonlySet<string>;
}

export function arrivalBlocks(
  matcher: Matcher,
  keysOf: readonly (readonly string[])[],
  batchOf: Int32Array,
): ArrivalBlocks {
  const members = new Map<string, number[]>();
  keysOf.forEach((keys, i) => {
    for (const key of keys) {
      const list = members.get(key);
      if (!list) members.set(key, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  const blocks = new Map<string, number[]>();
  const over = new Set<string>();
  for (const [key, list] of members) {
    const cap = matcher.maxBlockSize(key);
    let usable = list;
    if (list.length > cap) {
      over.add(key);
      // The batch whose arrival pushed the block past its cap, and every later one, skip the key.
      const passed = batchOf[list[cap]];
      usable = list.filter((i) => batchOf[i] < passed);
    }
    if (usable.length > 1) blocks.set(key, usable);
  }
  return { blocks, capped: over.size, over };
}

/** Whether records i and j share a key whose block is within its cap (what a match edge needs). */
export function linksThrough(
  index: ArrivalBlocks,
  keysOf: readonly (readonly string[])[],
  i: number,
  j: number,
): boolean {
  return keysOf[i].some((key) => !index.over.has(key) && keysOf[j].includes(key));
}

/** Visits every candidate pair (i < j) once. */
export function forEachArrivalPair(
  index: ArrivalBlocks,
  keysOf: readonly (readonly string[])[],
  visit: (i: number, j: number) => void,
): number {
  const seenBy = new Int32Array(keysOf.length).fill(-1);
  let pairs = 0;
  keysOf.forEach((keys, i) => {
    for (const key of keys) {
      const block = index.blocks.get(key);
      if (!block) continue;
      for (const j of block) {
        if (j <= i || seenBy[j] === i) continue;
        seenBy[j] = i;
        pairs++;
        visit(i, j);
      }
    }
  });
  return pairs;
}

/** The key the incremental path records for pair (i < j): see the file comment. */
export function pairKeyOf(
  index: ArrivalBlocks,
  keysOf: readonly (readonly string[])[],
  batchOf: Int32Array,
  i: number,
  j: number,
): string | undefined {
  const [finder, other] = batchOf[i] === batchOf[j] ? [i, j] : [j, i];
  return keysOf[finder].find((key) => {
    const block = index.blocks.get(key);
    return block !== undefined && block.includes(finder) && block.includes(other);
  });
}
