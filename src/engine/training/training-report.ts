/**
 * What trained weights would do to the config's thresholds, checked before they are written: the
 * blocked pairs scored with the new m/u and λ (one score per comparison pattern, as scoring without
 * term-frequency adjustment computes it), how many cross each threshold, the best score any pair can
 * reach, and how the number of links compares with the number of matches λ implies. The random pairs
 * drawn for u are scored too: about a share λ of them are matches, so when many more cross the match
 * threshold, the weights link unrelated records ("everything links"). A weights file that links
 * nothing is a training failure the user must see, not a file the service silently starts with.
 */
import type { MatcherConfig } from '../config/matcher-config.types';
import type { PairSet } from './patterns';

export interface ThresholdCrossing {
  readonly name: 'match' | 'review';
  readonly probability: number;
  /** Blocked pairs at or above it. */
  readonly pairs: number;
  /** Random pairs (of the u sample) at or above it. */
  readonly randomPairs: number;
  /** Can any comparison vector reach it at all? */
  readonly reachable: boolean;
}

export interface TrainingDiagnostics {
  /** λ × the search space: the matches the prior implies. */
  readonly expectedMatches: number;
  readonly blockedPairs: number;
  readonly randomPairs: number;
  /** Highest probability any combination of levels gives. */
  readonly maxProbability: number;
  /** Blocked pairs per band of match weight (bits, prior included), low to high. */
  readonly histogram: ReadonlyArray<{ readonly from: number; readonly to: number; readonly pairs: number }>;
  readonly thresholds: readonly ThresholdCrossing[];
  /** Problems that make the weights unusable: `train` writes nothing unless forced. */
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

/** Random pairs linking this many times more often than λ says they match: "everything links". */
const RANDOM_FACTOR = 10;
/** Links this many times more or fewer than λ implies are reported. */
const RATE_FACTOR = 5;
const BAND = 5;

const probabilityOf = (bits: number) => 1 / (1 + 2 ** -bits);

export function diagnoseTraining(
  config: MatcherConfig,
  m: readonly number[][],
  u: readonly number[][],
  prior: number,
  set: PairSet,
  random: ReadonlyMap<string, number>,
  space: number,
  converged: boolean,
): TrainingDiagnostics {
  const priorBits = Math.log2(prior / (1 - prior));
  const bits = (c: number, l: number) =>
    config.comparisons[c].levels[l].kind === 'null' ? 0 : Math.log2(m[c][l] / u[c][l]);
  const score = (gamma: readonly number[]) => gamma.reduce((s, l, c) => s + bits(c, l), priorBits);
  const patternScore = set.patterns.map(score);
  const randomScores = [...random].map(([key, count]) => ({
    score: score(key.split(',').map(Number)),
    count,
  }));
  const randomPairs = randomScores.reduce((sum, { count }) => sum + count, 0);
  const scores = Array.from(set.pattern, (p) => patternScore[p]);
  const best =
    priorBits +
    config.comparisons.reduce(
      (sum, comparison, c) => sum + Math.max(...comparison.levels.map((_, l) => bits(c, l))),
      0,
    );
  const maxProbability = probabilityOf(best);
  const thresholds = (['match', 'review'] as const).map((name) => {
    const probability = config.thresholds[name];
    return {
      name,
      probability,
      pairs: scores.filter((score) => probabilityOf(score) >= probability).length,
      randomPairs: randomScores.reduce(
        (sum, { score, count }) => (probabilityOf(score) >= probability ? sum + count : sum),
        0,
      ),
      reachable: maxProbability >= probability,
    };
  });
  const histogram = bands(scores);
  const expectedMatches = prior * space;
  const errors: string[] = [];
  const warnings: string[] = [];
  if (!converged) errors.push('EM did not converge (raise --max-iterations, or check the levels)');
  const [match, review] = thresholds;
  if (!match.reachable)
    errors.push(
      `the match threshold ${match.probability} cannot be reached: the best possible pair scores ` +
        `${maxProbability.toPrecision(4)} (lower thresholds.match, or add evidence)`,
    );
  else if (match.pairs === 0 && scores.length > 0)
    errors.push(`no blocked pair reaches the match threshold ${match.probability}: nothing would link`);
  if (!review.reachable) warnings.push(`the review threshold ${review.probability} cannot be reached`);
  if (match.randomPairs >= 3 && match.randomPairs > RANDOM_FACTOR * prior * randomPairs)
    warnings.push(
      `${match.randomPairs} of ${randomPairs} random pairs would link (λ expects ${(prior * randomPairs).toPrecision(2)}): ` +
        'the weights link unrelated records; raise thresholds.match or check the levels',
    );
  if (match.pairs > 0 && expectedMatches > 0) {
    const ratio = match.pairs / expectedMatches;
    if (ratio > RATE_FACTOR || ratio < 1 / RATE_FACTOR)
      warnings.push(
        `${match.pairs} pairs cross the match threshold but λ implies about ${Math.round(expectedMatches)} ` +
          'matches: check λ (--lambda-rule) and thresholds.match',
      );
  }
  return {
    expectedMatches,
    blockedPairs: scores.length,
    randomPairs,
    maxProbability,
    histogram,
    thresholds,
    errors,
    warnings,
  };
}

function bands(scores: readonly number[]): TrainingDiagnostics['histogram'] {
  const counts = new Map<number, number>();
  for (const score of scores) {
    const band = Math.floor(Math.max(Math.min(score, 60), -60) / BAND) * BAND;
    counts.set(band, (counts.get(band) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([from, pairs]) => ({ from, to: from + BAND, pairs }));
}

/** The diagnostics as report lines. */
export function describeDiagnostics(d: TrainingDiagnostics): string[] {
  const widest = Math.max(1, ...d.histogram.map((band) => band.pairs));
  return [
    `λ implies about ${Math.round(d.expectedMatches).toLocaleString('en')} matches; ` +
      `${d.blockedPairs.toLocaleString('en')} blocked pairs; best possible probability ${d.maxProbability.toPrecision(4)}`,
    ...d.thresholds.map(
      (t) =>
        `  ${t.name} ≥ ${t.probability}: ${t.pairs.toLocaleString('en')} blocked pairs, ` +
        `${t.randomPairs.toLocaleString('en')} of ${d.randomPairs.toLocaleString('en')} random pairs` +
        (t.reachable ? '' : ' (unreachable)'),
    ),
    'match weight of the blocked pairs (bits, prior included):',
    ...d.histogram.map(
      (band) =>
        `  [${String(band.from).padStart(3)}, ${String(band.to).padStart(3)})  ${String(band.pairs).padStart(9)}  ` +
        '#'.repeat(Math.ceil((40 * band.pairs) / widest)),
    ),
    ...d.errors.map((e) => `ERROR: ${e}`),
    ...d.warnings.map((w) => `WARNING: ${w}`),
  ];
}
