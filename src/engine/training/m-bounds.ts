/**
 * Plausibility bounds on m, applied in every M-step (a projection, so EM stays a generalised EM):
 *
 * - **Monotone Bayes factors along a comparison's nested levels.** Levels are ordered strict to loose,
 *   and on the comparison's own attributes a pair that passes a stricter level would pass every looser
 *   one (exact ⇒ jaro_winkler ≥ 0.92 ⇒ ≥ 0.8 ⇒ else). Such a chain must not weigh a looser level above
 *   a stricter one: when EM says it does, the levels do not separate matches from non-matches in the
 *   training data, and the honest estimate pools them. Pooling is isotonic regression of m/u with
 *   weights u (pool-adjacent-violators), which keeps the total m. Levels on other attributes (a
 *   nickname form) or swapped levels are not nested and keep their own m.
 * - **A floor on the top level's m.** EM on pairs from one blocking rule can settle on a "match" class
 *   that rarely agrees exactly on a name (m = 0.006 for an exact given name was seen). The strictest
 *   level of a comparison carries at least `minTopM` of the match mass; the rest is scaled down.
 */
import type { ComparisonConfig } from '../config/matcher-config.types';

/** Default share of match mass the top level of a comparison keeps at least. */
export const MIN_TOP_M = 0.05;

export interface MBounds {
  /** Per comparison: the level indices of its nested chain, strict to loose. */
  readonly chains: ReadonlyArray<readonly number[]>;
  /** Per comparison: index of its first non-null level, or -1. */
  readonly top: readonly number[];
  readonly minTopM: number;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value, i) => value === b[i]);

export function mBounds(comparisons: readonly ComparisonConfig[], minTopM = MIN_TOP_M): MBounds {
  return {
    chains: comparisons.map((comparison) =>
      comparison.levels.flatMap((level, l) =>
        level.kind === 'else' ||
        ((level.kind === 'exact' || level.kind === 'metric') &&
          !level.swapped &&
          sameList(level.attributes, comparison.attributes))
          ? [l]
          : [],
      ),
    ),
    top: comparisons.map((comparison) => comparison.levels.findIndex((level) => level.kind !== 'null')),
    minTopM,
  };
}

/**
 * Pool-adjacent-violators: the non-increasing sequence of ratios m/u closest (u-weighted) to the
 * given one, with each pooled block's ratio Σm/Σu. Returns the new m of the chain's levels.
 */
export function monotoneRatios(m: readonly number[], u: readonly number[]): number[] {
  const blocks: Array<{ m: number; u: number; size: number }> = [];
  m.forEach((value, i) => {
    blocks.push({ m: value, u: u[i], size: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1];
      const before = blocks[blocks.length - 2];
      if (last.m / last.u <= before.m / before.u) break;
      blocks.splice(blocks.length - 2, 2, {
        m: before.m + last.m,
        u: before.u + last.u,
        size: before.size + last.size,
      });
    }
  });
  const out: number[] = [];
  let i = 0;
  for (const block of blocks) for (let k = 0; k < block.size; k++, i++) out.push((block.m / block.u) * u[i]);
  return out;
}

/** m of one comparison (NaN on null levels) brought within the bounds; the total m is kept. */
export function boundM(row: readonly number[], u: readonly number[], bounds: MBounds, c: number): number[] {
  const out = [...row];
  const chain = bounds.chains[c];
  if (chain.length > 1) {
    const pooled = monotoneRatios(
      chain.map((l) => out[l]),
      chain.map((l) => u[l]),
    );
    chain.forEach((l, k) => (out[l] = pooled[k]));
  }
  const top = bounds.top[c];
  const total = out.reduce((sum, value) => (Number.isNaN(value) ? sum : sum + value), 0);
  const floor = bounds.minTopM * total;
  if (top >= 0 && out[top] < floor && total > out[top]) {
    const scale = (total - floor) / (total - out[top]);
    return out.map((value, l) => (Number.isNaN(value) ? value : l === top ? floor : value * scale));
  }
  return out;
}
