/**
 * The blocked candidate pairs as EM sees them: each pair's comparison vector γ (the level index per
 * comparison) is stored once per distinct vector (a pattern), and each pair keeps its two records,
 * its pattern and the blocking rules that proposed it. One pass over the pairs serves every training
 * session (Splink trains one session per blocking rule); a session without competition aggregates
 * its pairs into pattern counts, so an iteration costs O(patterns).
 */
import { forEachCandidatePair, type BlockIndex } from '../linkage/block-index';
import type { Matcher } from '../matcher/matcher';
import type { PreparedRecord } from '../matcher/prepare';

export interface PairSet {
  /** Distinct comparison vectors. */
  readonly patterns: ReadonlyArray<readonly number[]>;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Pattern index of each pair. */
  readonly pattern: Int32Array;
  /** Blocking rules (config order) that proposed each pair: `proposed[pair * rules + r]`. */
  readonly proposed: Uint8Array;
  readonly rules: number;
  readonly records: number;
}

export function collectPairs(
  matcher: Matcher,
  prepared: readonly PreparedRecord[],
  index: BlockIndex,
  domains?: readonly string[],
): PairSet {
  const ruleIndex = new Map(matcher.config.blocking.rules.map((rule, r) => [rule.name, r]));
  const rules = ruleIndex.size;
  const byKey = new Map<string, number>();
  const patterns: number[][] = [];
  const left: number[] = [];
  const right: number[] = [];
  const pattern: number[] = [];
  const proposed: number[] = [];
  forEachCandidatePair(
    index,
    (i, j) => {
      const levels = matcher.levels(prepared[i], prepared[j]);
      const key = levels.join(',');
      let id = byKey.get(key);
      if (id === undefined) {
        id = patterns.push(levels) - 1;
        byKey.set(key, id);
      }
      left.push(i);
      right.push(j);
      pattern.push(id);
      const flags = new Array<number>(rules).fill(0);
      const keysOfI = new Set(index.keysOf[i]);
      for (const key of index.keysOf[j]) {
        if (!keysOfI.has(key) || !index.blocks.has(key)) continue;
        const r = ruleIndex.get(key.slice(0, key.indexOf(':')));
        if (r !== undefined) flags[r] = 1;
      }
      proposed.push(...flags);
    },
    domains,
  );
  return {
    patterns,
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    pattern: Int32Array.from(pattern),
    proposed: Uint8Array.from(proposed),
    rules,
    records: prepared.length,
  };
}

/** Indices of the pairs a rule proposed, or of every pair. */
export function pairsOf(set: PairSet, rule?: number): Int32Array {
  if (rule === undefined) return Int32Array.from({ length: set.pattern.length }, (_, k) => k);
  const members: number[] = [];
  for (let k = 0; k < set.pattern.length; k++) if (set.proposed[k * set.rules + rule]) members.push(k);
  return Int32Array.from(members);
}
