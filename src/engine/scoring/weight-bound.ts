/**
 * Early exit for candidate pairs: the comparisons of a pair evaluated cheapest first, and before each
 * costly one the weight so far plus the most the remaining comparisons could add (each one's largest
 * level weight) compared with the threshold. A pair that cannot reach the review band even if every
 * remaining comparison fired its best level is a non-match whatever they say, so their metrics are
 * never computed. This is the upper-bound pruning of threshold-based similarity joins (e.g. Bayardo,
 * Ma & Srikant, "Scaling up all pairs similarity search", WWW 2007) applied to Fellegi–Sunter's sum
 * of independent weights: exact, since it only skips pairs whose exact total is below the bound.
 *
 * On title-token blocks, most candidates share one common word: the cheap comparisons (codes,
 * brand, price) and the cheaper title measures already rule them out before the character-gram
 * cosine or soft TF-IDF is computed.
 */
import { IDF_METRICS } from '../config/comparisons.semantic';
import type { ComparisonConfig, LevelConfig } from '../config/matcher-config.types';

/**
 * A rank of what a level's metric costs per pair: exact and null levels nothing, a plain metric
 * little, a TF-IDF measure over words more (a merge over two sorted token vectors), over character
 * grams more again (vectors several times longer), soft TF-IDF most (Jaro–Winkler on token pairs).
 */
function levelCost(level: LevelConfig): number {
  if (level.kind !== 'metric' || level.metric === undefined) return 0;
  if (level.metric === 'soft_tfidf') return 4;
  if (IDF_METRICS.has(level.metric)) return level.metricOptions?.qgram ? 3 : 2;
  return 1;
}

export interface WeightBound {
  /** Comparison indexes, cheapest first (config order among equals). */
  readonly order: readonly number[];
  /** rest[k]: the most comparisons order[k..] can add; +Infinity when unbounded. */
  readonly rest: Float64Array;
  /** The first position of `order` worth a check (the first comparison that computes a metric). */
  readonly firstCheck: number;
}

/** `maxWeights` per comparison in config order (Scorer.maxWeights). */
export function compileWeightBound(
  comparisons: readonly ComparisonConfig[],
  maxWeights: readonly number[],
): WeightBound {
  const costs = comparisons.map((c) => Math.max(0, ...c.levels.map(levelCost)));
  const order = costs.map((_, i) => i).sort((x, y) => costs[x] - costs[y] || x - y);
  const rest = new Float64Array(order.length + 1);
  for (let k = order.length - 1; k >= 0; k--) {
    const sum = rest[k + 1] + maxWeights[order[k]];
    // A bound that is not a number (an untrained level, ∞ − ∞) must never let a pair be skipped.
    rest[k] = Number.isNaN(sum) ? Infinity : sum;
  }
  const firstCheck = order.findIndex((c) => costs[c] > 0);
  return { order, rest, firstCheck: firstCheck < 0 ? order.length : firstCheck };
}

/**
 * The match weight at which a pair reaches probability `review` (probabilityOf inverted); −∞, so
 * nothing is skipped, for a band that starts at 0 or at 1 (where probabilityOf saturates).
 */
export function reviewWeight(review: number): number {
  return review > 0 && review < 1 ? Math.log2(review / (1 - review)) : -Infinity;
}

/**
 * Slack in bits: the bound sums the weights in another order than the scorer and compares with the
 * inverted threshold instead of the probability, both exact only up to rounding (at most ~1e-4 bits
 * for a review threshold within 1e-12 of 1); a pair is skipped only when it misses by more.
 */
export const BOUND_SLACK = 1e-3;
