/**
 * In-memory blocking for batch linkage (the bench, EM training): an inverted index key → records, with
 * the same skew guard the service applies in SQL: a key shared by more than `maxBlockSize(key)`
 * records is skipped and counted, never scanned.
 */
import type { Matcher } from '../matcher/matcher';
import type { PreparedRecord } from '../matcher/prepare';

export interface BlockIndex {
  /** The blocking keys of each record (skipped keys included). */
  readonly keysOf: readonly (readonly string[])[];
  /** Keys within their cap and shared by at least two records. */
  readonly blocks: ReadonlyMap<string, readonly number[]>;
  /** Keys over their cap → the number of records that share them. */
  readonly skipped: ReadonlyMap<string, number>;
}

export function buildBlockIndex(matcher: Matcher, records: readonly PreparedRecord[]): BlockIndex {
  const keysOf = records.map((record) => matcher.blockingKeys(record));
  const members = new Map<string, number[]>();
  keysOf.forEach((keys, i) => {
    for (const key of keys) {
      const list = members.get(key);
      if (list) list.push(i);
      else members.set(key, [i]);
    }
  });
  const blocks = new Map<string, number[]>();
  const skipped = new Map<string, number>();
  for (const [key, list] of members) {
    if (list.length > matcher.maxBlockSize(key)) skipped.set(key, list.length);
    else if (list.length > 1) blocks.set(key, list);
  }
  return { keysOf, blocks, skipped };
}

/**
 * Visits every candidate pair (i < j) once, with the first key the two records share. With `domains`
 * set, pairs inside one domain are left out (linkage rather than deduplication).
 */
export function forEachCandidatePair(
  index: BlockIndex,
  visit: (i: number, j: number, key: string) => void,
  domains?: readonly string[],
): number {
  const seenBy = new Int32Array(index.keysOf.length).fill(-1);
  let pairs = 0;
  index.keysOf.forEach((keys, i) => {
    for (const key of keys) {
      const block = index.blocks.get(key);
      if (!block) continue;
      for (const j of block) {
        if (j <= i || seenBy[j] === i) continue;
        seenBy[j] = i;
        if (domains && domains[i] === domains[j]) continue;
        pairs++;
        visit(i, j, key);
      }
    }
  });
  return pairs;
}

/** True when two records share a key that is not skipped (the blocking-recall test). */
export function shareBlock(index: BlockIndex, i: number, j: number): boolean {
  const keys = new Set(index.keysOf[i]);
  return index.keysOf[j].some((key) => keys.has(key) && !index.skipped.has(key));
}
