/**
 * Unsupervised estimation of Fellegi–Sunter parameters, as Splink does it: u from random pairs
 * (u-sampling.ts), then m and λ by Expectation–Maximisation over the blocked candidate pairs under
 * conditional independence (Winkler, "Using the EM Algorithm for Weight Computation in the
 * Fellegi–Sunter Model of Record Linkage", 1988; Splink docs, "Expectation maximisation").
 * Comparison vectors are aggregated into distinct patterns with counts, so each iteration costs
 * O(patterns), not O(pairs). λ within blocked pairs is scaled to the whole search space.
 */
import type { MatcherConfig } from '../config/matcher-config.types';
import { buildBlockIndex, forEachCandidatePair } from '../linkage/block-index';
import { compileMatcher } from '../matcher/matcher';
import type { EngineRegistry } from '../registry';
import { estimateU, totalPairs } from './u-sampling';

export interface TrainOptions {
  /** Source domain per record; with `crossDomainOnly`, only cross-domain pairs are trained on. */
  readonly domains?: readonly string[];
  readonly crossDomainOnly?: boolean;
  /** Random pairs drawn for u. Default 300 000. */
  readonly uSamplePairs?: number;
  readonly maxIterations?: number;
  /** Stop when no m or λ moves more than this. Default 1e-5. */
  readonly tolerance?: number;
  readonly seed?: number;
  /** Start EM from the config's m and prior (`config`) or from level-order defaults (`default`, the default). */
  readonly init?: 'config' | 'default';
  /** Keep u from random sampling (Splink's default) or re-estimate it in EM too. Default true. */
  readonly fixU?: boolean;
  readonly registry?: EngineRegistry;
}

export interface TrainedLevel {
  readonly label: string;
  readonly m: number;
  readonly u: number;
}

export interface TrainedWeights {
  readonly entityType: string;
  readonly prior: number;
  /** One entry per level of each comparison; null for null levels. */
  readonly comparisons: ReadonlyArray<{
    readonly name: string;
    readonly levels: ReadonlyArray<TrainedLevel | null>;
  }>;
  readonly iterations: number;
  readonly converged: boolean;
  readonly records: number;
  readonly pairsSampledForU: number;
  readonly pairsBlocked: number;
}

const FLOOR = 1e-6;

/** Level-order defaults: earlier (stricter) levels get geometrically more of the match mass. */
function defaultM(config: MatcherConfig): number[][] {
  return config.comparisons.map((comparison) => {
    const raw = comparison.levels.map((level, l) => (level.kind === 'null' ? 0 : 4 ** -l));
    const sum = raw.reduce((a, b) => a + b, 0);
    return raw.map((value, l) => (comparison.levels[l].kind === 'null' ? NaN : value / sum));
  });
}

export function trainMatcher(
  config: MatcherConfig,
  records: ReadonlyArray<Record<string, unknown>>,
  options: TrainOptions = {},
): TrainedWeights {
  const matcher = compileMatcher(config, { registry: options.registry });
  const prepared = records.map((record) => matcher.prepare(record));
  const domains = options.crossDomainOnly ? options.domains : undefined;
  const seed = options.seed ?? 42;
  const sample = estimateU(matcher, prepared, options.uSamplePairs ?? 300_000, seed, domains);

  const patterns = new Map<string, { levels: number[]; count: number }>();
  const index = buildBlockIndex(matcher, prepared);
  const pairsBlocked = forEachCandidatePair(
    index,
    (i, j) => {
      const levels = matcher.levels(prepared[i], prepared[j]);
      const key = levels.join(',');
      const entry = patterns.get(key);
      if (entry) entry.count++;
      else patterns.set(key, { levels, count: 1 });
    },
    domains,
  );
  const space = totalPairs(prepared.length, domains);
  const useConfig = options.init === 'config' && config.prior !== undefined;
  let m = useConfig
    ? config.comparisons.map((c) => c.levels.map((level) => level.m ?? NaN))
    : defaultM(config);
  let u = sample.u.map((levels) => [...levels]);
  let lambda = useConfig ? Math.min(0.5, ((config.prior ?? 0) * space) / Math.max(pairsBlocked, 1)) : 0.1;
  const list = [...patterns.values()];
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-5;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged && list.length > 0) {
    iterations++;
    const mCounts = config.comparisons.map((c) => new Float64Array(c.levels.length));
    const uCounts = config.comparisons.map((c) => new Float64Array(c.levels.length));
    let matchMass = 0;
    let total = 0;
    for (const { levels, count } of list) {
      let pm = lambda;
      let pu = 1 - lambda;
      levels.forEach((level, c) => {
        if (Number.isNaN(m[c][level])) return;
        pm *= m[c][level];
        pu *= u[c][level];
      });
      const w = pm / (pm + pu);
      matchMass += w * count;
      total += count;
      levels.forEach((level, c) => {
        mCounts[c][level] += w * count;
        uCounts[c][level] += (1 - w) * count;
      });
    }
    const normalize = (counts: Float64Array[], previous: number[][]) =>
      counts.map((levelCounts, c) => {
        const nonNull = config.comparisons[c].levels.map((level) => level.kind !== 'null');
        const sum = levelCounts.reduce((s, v, l) => (nonNull[l] ? s + v : s), 0);
        return previous[c].map((old, l) =>
          !nonNull[l] ? NaN : sum > 0 ? Math.max(levelCounts[l] / sum, FLOOR) : old,
        );
      });
    const nextM = normalize(mCounts, m);
    const nextU = options.fixU === false ? normalize(uCounts, u) : u;
    const nextLambda = Math.min(Math.max(matchMass / total, FLOOR), 1 - FLOOR);
    let change = Math.abs(nextLambda - lambda);
    nextM.forEach((levels, c) =>
      levels.forEach((v, l) => !Number.isNaN(v) && (change = Math.max(change, Math.abs(v - m[c][l])))),
    );
    m = nextM;
    u = nextU;
    lambda = nextLambda;
    converged = change < tolerance;
  }
  const prior = Math.min(Math.max((lambda * pairsBlocked) / Math.max(space, 1), 1e-12), 0.5);
  return {
    entityType: config.entityType,
    prior,
    comparisons: config.comparisons.map((comparison, c) => ({
      name: comparison.name,
      levels: comparison.levels.map((level, l) =>
        level.kind === 'null' ? null : { label: level.label, m: m[c][l], u: Math.max(u[c][l], FLOOR) },
      ),
    })),
    iterations,
    converged,
    records: records.length,
    pairsSampledForU: sample.pairs,
    pairsBlocked,
  };
}
