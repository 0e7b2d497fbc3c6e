/**
 * Candidate pairs of a backfill, exactly as the incremental path would have found them had the
 * records arrived batch by batch in id order (scoreCandidates in resolution/candidate-scoring.ts),
 * decided one block at a time so the blocks can be read back from the store in key order instead of
 * held in memory:
 * - a record is compared with the records stored so far that share one of its keys, unless that
 *   key's block, counted with the record's own batch, is over its cap (`max_block_size`): then the
 *   key is skipped for it. So a block over its cap still links its first members (those of the
 *   batches before it grew past the cap), where the in-memory batch linker skips it whole;
 * - but a match edge stands, and a review-band pair is queued, only if its two records share a key
 *   whose final block is within its cap (`linksThrough`): the incremental path removes the other
 *   edges and supersedes the other open items when the block passes its cap (resolution/skew-prune.ts);
 * - a pair met in several blocks is visited once, in the block of the first key (in the older
 *   record's key order) that both could use;
 * - the key recorded in a pair's explanation is the first shared usable key of the record that
 *   found the pair: the older one when both arrived in one batch, else the newer one.
 * Members are given in id order with their arrival batch (the batch of their last change).
 */

export interface BlockMember {
  /** Position in record-id order. */
  readonly index: number;
  readonly batch: number;
  /** The record's blocking keys, deduplicated, in the matcher's order. */
  readonly keys: readonly string[];
}

/** Keys whose block outgrew its cap → the batch that pushed it past: it and later batches skip the key. */
export type OverBlocks = ReadonlyMap<string, number>;

/**
 * The batch from which a block's key is skipped, or undefined when the block stays within its cap.
 * `batches`: its members' arrival batches in id order.
 */
export function passedAt(cap: number, batches: readonly number[]): number | undefined {
  return batches.length > cap ? batches[cap] : undefined;
}

const usable = (over: OverBlocks, key: string, member: BlockMember): boolean => {
  const passed = over.get(key);
  return passed === undefined || member.batch < passed;
};

/** The first key in `order` that both records hold and could compare through. */
function firstShared(over: OverBlocks, a: BlockMember, b: BlockMember, order: readonly string[]) {
  return order.find(
    (key) =>
      (order === a.keys ? b.keys : a.keys).includes(key) && usable(over, key, a) && usable(over, key, b),
  );
}

/**
 * Visits the pairs (older first) that block `key` is where the arrival order finds them; `members`
 * are the block's members in id order. Returns the number of pairs visited.
 */
export function forEachBlockPair<M extends BlockMember>(
  key: string,
  members: readonly M[],
  over: OverBlocks,
  visit: (a: M, b: M) => void,
): number {
  const open = members.filter((m) => usable(over, key, m));
  let pairs = 0;
  for (let p = 0; p < open.length; p++) {
    for (let q = p + 1; q < open.length; q++) {
      if (firstShared(over, open[p], open[q], open[p].keys) !== key) continue;
      pairs++;
      visit(open[p], open[q]);
    }
  }
  return pairs;
}

/** The key the incremental path records for pair (a older than b): see the file comment. */
export function pairKeyOf(over: OverBlocks, a: BlockMember, b: BlockMember): string | undefined {
  return firstShared(over, a, b, (a.batch === b.batch ? a : b).keys);
}

/** Whether the two records share a key whose final block is within its cap (what a match edge needs). */
export function linksThrough(over: OverBlocks, a: BlockMember, b: BlockMember): boolean {
  return a.keys.some((key) => !over.has(key) && b.keys.includes(key));
}
