/**
 * u estimation by random sampling (Splink, "Estimating u probabilities using random sampling"): pairs
 * drawn uniformly from all record pairs are almost all non-matches, so the share of pairs landing in
 * each level estimates P(level | non-match). Null levels are left out of the denominator.
 */
import type { Matcher } from '../matcher/matcher';
import type { PreparedRecord } from '../matcher/prepare';
import { seededRandom } from '../seeded-random';

/** Number of pairs in the search space: n(n−1)/2, or only cross-domain pairs for linkage. */
export function totalPairs(size: number, domains?: readonly string[]): number {
  if (!domains) return (size * (size - 1)) / 2;
  const counts = new Map<string, number>();
  domains.forEach((domain) => counts.set(domain, (counts.get(domain) ?? 0) + 1));
  let same = 0;
  counts.forEach((count) => (same += (count * (count - 1)) / 2));
  return (size * (size - 1)) / 2 - same;
}

export interface USample {
  /** u[c][l]; NaN for null levels. */
  readonly u: number[][];
  readonly pairs: number;
  /** Random pairs per comparison vector (levels joined by ','): what the threshold check scores. */
  readonly patterns: ReadonlyMap<string, number>;
}

export function estimateU(
  matcher: Matcher,
  records: readonly PreparedRecord[],
  maxPairs: number,
  seed: number,
  domains?: readonly string[],
): USample {
  const comparisons = matcher.config.comparisons;
  const counts = comparisons.map((comparison) => new Float64Array(comparison.levels.length));
  const random = seededRandom(seed);
  const n = records.length;
  const wanted = Math.min(maxPairs, totalPairs(n, domains));
  let pairs = 0;
  const patterns = new Map<string, number>();
  for (let attempts = 0; pairs < wanted && attempts < wanted * 20; attempts++) {
    const i = Math.floor(random() * n);
    const j = Math.floor(random() * n);
    if (i === j || (domains && domains[i] === domains[j])) continue;
    const levels = matcher.levels(records[i], records[j]);
    levels.forEach((level, c) => counts[c][level]++);
    const key = levels.join(',');
    patterns.set(key, (patterns.get(key) ?? 0) + 1);
    pairs++;
  }
  const u = comparisons.map((comparison, c) => {
    const isNull = comparison.levels.map((level) => level.kind === 'null');
    const nonNull = isNull.filter((flag) => !flag).length;
    const total = counts[c].reduce((sum, count, l) => (isNull[l] ? sum : sum + count), 0);
    // Half a pseudo-count per level: a level never seen in the sample gets u ≈ 1/(2·pairs), not 0.
    return comparison.levels.map((_, l) =>
      isNull[l] ? NaN : (counts[c][l] + 0.5) / (total + 0.5 * nonNull),
    );
  });
  return { u, pairs, patterns };
}
