/**
 * One Expectation–Maximisation session over blocked pairs (Winkler 1988; Splink, "Expectation
 * maximisation"). E-step: the match probability w of each pair under conditional independence;
 * M-step: m as the expected share of match mass per level, λ as the mean of w. u stays fixed (it
 * comes from random pairs).
 *
 * Only the `active` comparisons enter the likelihood. Splink deactivates, in a session trained on the
 * pairs of one blocking rule, the comparisons that read the fields the rule blocks on: those pairs
 * agree on them by construction, so their m cannot be estimated from those pairs.
 *
 * Competition (`compete`): when each record links to at most one record of the other side (the
 * config's best_match_only / one_per_domain), a pair's posterior odds compete with those of every
 * other candidate pair of its two records, w = O / (1 + Σ O over the pairs sharing a record), instead
 * of w = O / (1 + O). This is a local form of the bipartite-matching constraint of Jaro (1989) and
 * Sadinle ("Bayesian estimation of bipartite matchings for record linkage", JASA 2017). Without it,
 * on data where many candidates of a record look alike (one manufacturer's product line), EM takes
 * "same product line" for the match class; with it, the mass goes to the pair that stands out.
 */
import { boundM, type MBounds } from './m-bounds';
import type { PairSet } from './patterns';

export interface SessionInput {
  readonly set: PairSet;
  /** Pair indices of this session. */
  readonly members: Int32Array;
  /** Comparisons that enter the likelihood. */
  readonly active: readonly boolean[];
  /** Active comparisons whose m is re-estimated (the others keep the m given). */
  readonly free: readonly boolean[];
  /** Which levels are null levels (no m/u, no evidence). */
  readonly isNull: ReadonlyArray<readonly boolean[]>;
  /** Starting m per comparison and level (NaN on null levels). */
  readonly m: readonly number[][];
  /** u per comparison and level, fixed. */
  readonly u: readonly number[][];
  readonly lambda: number;
  readonly compete: boolean;
  readonly maxIterations: number;
  readonly tolerance: number;
  /** Plausibility bounds applied to each M-step's m (m-bounds.ts); none when absent. */
  readonly bounds?: MBounds;
}

export interface SessionResult {
  readonly m: number[][];
  /** Mean match probability of the session's pairs. */
  readonly lambda: number;
  /** Expected number of matches among the session's pairs. */
  readonly matches: number;
  readonly iterations: number;
  readonly converged: boolean;
}

export const FLOOR = 1e-6;
/**
 * Half a pseudo-count of match mass per level in the M-step (as u-sampling.ts does for u): a level
 * that no match happened to reach in the training data gets a small m, not 0 — an m of 0 would turn
 * that level into a veto (−20 bits) on the strength of a finite sample.
 */
const PSEUDO = 0.5;
/** Likelihood ratios are clamped to 2^±500 so sums over competing pairs stay finite. */
const MAX_RATIO = 2 ** 500;

/** Likelihood ratio Π m/u over the active comparisons, per pattern. */
function ratios(input: SessionInput, m: readonly number[][]): Float64Array {
  const { patterns } = input.set;
  const out = new Float64Array(patterns.length);
  patterns.forEach((gamma, p) => {
    let ratio = 1;
    for (let c = 0; c < gamma.length; c++) {
      const level = gamma[c];
      if (input.active[c] && !input.isNull[c][level]) ratio *= m[c][level] / input.u[c][level];
    }
    out[p] = Math.min(Math.max(ratio, 1 / MAX_RATIO), MAX_RATIO);
  });
  return out;
}

/** Match probability of each member pair. */
function expectation(input: SessionInput, m: readonly number[][], lambda: number): Float64Array {
  const { set, members } = input;
  const odds = lambda / (1 - lambda);
  const ratio = ratios(input, m);
  const w = new Float64Array(members.length);
  if (!input.compete) {
    members.forEach((k, x) => {
      const o = odds * ratio[set.pattern[k]];
      w[x] = o / (1 + o);
    });
    return w;
  }
  const sum = new Float64Array(set.records);
  members.forEach((k) => {
    const o = odds * ratio[set.pattern[k]];
    sum[set.left[k]] += o;
    sum[set.right[k]] += o;
  });
  members.forEach((k, x) => {
    const o = odds * ratio[set.pattern[k]];
    w[x] = o / (1 + sum[set.left[k]] + sum[set.right[k]] - o);
  });
  return w;
}

export function runSession(input: SessionInput): SessionResult {
  const { set, members, isNull } = input;
  let m = input.m.map((row) => [...row]);
  let lambda = input.lambda;
  let iterations = 0;
  let converged = members.length === 0;
  let w: Float64Array = new Float64Array(0);
  while (iterations < input.maxIterations && !converged) {
    iterations++;
    w = expectation(input, m, lambda);
    const mass = new Float64Array(set.patterns.length);
    let total = 0;
    members.forEach((k, x) => {
      mass[set.pattern[k]] += w[x];
      total += w[x];
    });
    const counts = m.map((row) => new Float64Array(row.length));
    set.patterns.forEach((gamma, p) => gamma.forEach((level, c) => (counts[c][level] += mass[p])));
    const nextLambda = Math.min(Math.max(total / members.length, FLOOR), 1 - FLOOR);
    let change = Math.abs(nextLambda - lambda);
    const levels = isNull.map((row) => row.filter((flag) => !flag).length);
    const next = m.map((row, c) => {
      if (!input.active[c] || !input.free[c]) return row;
      const sum = counts[c].reduce((s, v, l) => (isNull[c][l] ? s : s + v), 0);
      if (sum <= 0) return row;
      const raw = row.map((_, l) =>
        isNull[c][l] ? NaN : Math.max((counts[c][l] + PSEUDO) / (sum + PSEUDO * levels[c]), FLOOR),
      );
      const value = input.bounds ? boundM(raw, input.u[c], input.bounds, c) : raw;
      value.forEach((v, l) => !isNull[c][l] && (change = Math.max(change, Math.abs(v - row[l]))));
      return value;
    });
    m = next;
    lambda = nextLambda;
    converged = change < input.tolerance;
  }
  if (iterations === 0 && members.length > 0) w = expectation(input, m, lambda);
  const matches = w.reduce((s, v) => s + v, 0);
  return { m, lambda, matches, iterations, converged };
}
