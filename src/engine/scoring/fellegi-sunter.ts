/**
 * Fellegi–Sunter scoring (Fellegi & Sunter, "A Theory for Record Linkage", JASA 1969), in the
 * match-weight form Splink documents: with conditional independence, the log2 Bayes factor of a pair
 * is the sum over comparisons of log2(m/u) of the level that fired, plus the prior weight
 * log2(λ/(1−λ)); the match probability is 2^w / (1 + 2^w).
 *
 * Term-frequency adjustment (Splink, "Term frequency adjustments"): on an exact level, u is replaced
 * by the value's frequency tf(v) (floored), i.e. the weight gains tf_weight · log2(u / max(tf(v), floor)),
 * so a match on "smith" counts for less than a match on "xiang".
 */
import type { ComparisonConfig, Decision, MatcherConfig } from '../config/matcher-config.types';
import type { PreparedRecord } from '../matcher/prepare';
import { termFrequency, type CorpusStats } from '../stats/corpus-stats';

export interface ComparisonExplanation {
  readonly name: string;
  /** Index of the level that fired, in the config's order. */
  readonly level: number;
  readonly label: string;
  /** log2(m/u), TF adjustment included. */
  readonly w: number;
  /** The term frequency used, when TF adjustment applied. */
  readonly tf?: number;
}

/** Stored as JSONB with every link: short keys, weights rounded to 3 decimals. */
export interface Explanation {
  /** The blocking key that made the pair a candidate. */
  readonly key?: string;
  /** The deterministic rule that decided the pair. */
  readonly rule?: string;
  /** Prior weight log2(λ/(1−λ)). */
  readonly prior: number;
  readonly cmp: readonly ComparisonExplanation[];
  /** Total match weight (prior + comparisons). */
  readonly total: number;
  /** Match probability. */
  readonly p: number;
  /** On a refused link in the review queue: the clustering guard that refused it. */
  readonly guard?: string;
}

export interface ScoredPair {
  /** Match weight: log2 of the posterior odds. */
  readonly score: number;
  readonly probability: number;
  readonly decision: Decision;
  readonly explanation: Explanation;
}

export const log2 = Math.log2;
export const priorWeight = (lambda: number): number => log2(lambda / (1 - lambda));
export const probabilityOf = (weight: number): number => 1 / (1 + 2 ** -weight);
const round = (value: number, digits: number): number => Number(value.toFixed(digits));

interface LevelWeight {
  readonly weight: number;
  /** Present when the level is TF-adjusted. */
  readonly tf?: { attribute: string; m: number; u: number; floor: number; share: number };
}

export class UntrainedMatcherError extends Error {
  readonly code = 'MATCHER.UNTRAINED';
}

function levelWeights(comparison: ComparisonConfig): LevelWeight[] {
  return comparison.levels.map((level) => {
    if (level.kind === 'null') return { weight: 0 };
    const { m, u } = level;
    if (m === undefined || u === undefined) {
      throw new UntrainedMatcherError(
        `comparison ${comparison.name} level "${level.label}" has no m/u: train weights`,
      );
    }
    const weight = log2(m / u);
    if (!level.termFrequencyAdjustment) return { weight };
    return {
      weight,
      tf: { attribute: level.attributes[0], m, u, floor: level.tfFloor, share: level.tfWeight },
    };
  });
}

export interface Scorer {
  readonly priorWeight: number;
  /** The weight comparison `c` adds when `level` fired (TF adjustment included); `score` sums these. */
  weightOf(c: number, level: number, a: PreparedRecord): number;
  /** Per comparison: the largest weight any of its levels can add, whatever the values. */
  readonly maxWeights: readonly number[];
  /** Sum of level weights for a comparison vector; `a` supplies the values for TF lookups. */
  score(
    levels: ArrayLike<number>,
    a: PreparedRecord,
    withParts: boolean,
  ): { total: number; parts: ComparisonExplanation[] };
}

export function compileScorer(config: MatcherConfig, stats: CorpusStats | undefined): Scorer {
  if (config.prior === undefined)
    throw new UntrainedMatcherError(`matcher ${config.entityType} has no prior: train weights`);
  const prior = priorWeight(config.prior);
  const tables = config.comparisons.map(levelWeights);
  /** The level's weight and the term frequency behind it, when TF adjustment applied. */
  const weighed = (c: number, level: number, a: PreparedRecord): { weight: number; tf?: number } => {
    const entry = tables[c][level];
    const value = entry.tf ? a[entry.tf.attribute] : undefined;
    if (!entry.tf || !stats || value === null || value === undefined) return { weight: entry.weight };
    const tf = termFrequency(stats, entry.tf.attribute, value);
    if (tf === undefined) return { weight: entry.weight };
    return { weight: entry.weight + entry.tf.share * log2(entry.tf.u / Math.max(tf, entry.tf.floor)), tf };
  };
  // A TF-adjusted level weighs at most what its floor allows (the rarest value).
  const maxWeights = tables.map((levels) =>
    Math.max(
      ...levels.map(({ weight, tf }) =>
        tf ? weight + Math.max(0, tf.share * log2(tf.u / tf.floor)) : weight,
      ),
    ),
  );
  return {
    priorWeight: prior,
    maxWeights,
    weightOf: (c, level, a) => weighed(c, level, a).weight,
    score(levels, a, withParts) {
      let total = prior;
      const parts: ComparisonExplanation[] = [];
      for (let c = 0; c < tables.length; c++) {
        const level = levels[c];
        const { weight, tf } = weighed(c, level, a);
        total += weight;
        if (withParts) {
          const comparison = config.comparisons[c];
          parts.push({
            name: comparison.name,
            level,
            label: comparison.levels[level].label,
            w: round(weight, 3),
            ...(tf !== undefined && { tf: Number(tf.toPrecision(3)) }),
          });
        }
      }
      return { total, parts };
    },
  };
}

export function explain(
  total: number,
  parts: ComparisonExplanation[],
  prior: number,
  key: string | undefined,
  rule: string | undefined,
): Explanation {
  return {
    ...(key !== undefined && { key }),
    ...(rule !== undefined && { rule }),
    prior: round(prior, 3),
    cmp: parts,
    total: round(total, 3),
    p: Number(probabilityOf(total).toPrecision(6)),
  };
}
