/**
 * Unsupervised estimation of Fellegi–Sunter parameters, as Splink does it: u from random pairs
 * (u-sampling.ts), then m by Expectation–Maximisation (em-session.ts) over the blocked candidate
 * pairs, one session per blocking rule (Winkler 1988; Splink, "Expectation maximisation").
 *
 * - Per-rule sessions: the pairs a rule proposes agree on the fields it blocks on, so in that rule's
 *   session the comparisons reading those fields are left out of the likelihood and their m is not
 *   estimated there. A comparison's m is the mean over the sessions that estimated it; one that every
 *   rule blocks on is estimated last, over all blocked pairs, with the others fixed.
 * - λ is estimated over all blocked pairs with every m fixed, and scaled from the blocked pairs to
 *   the whole search space.
 * - Competition: when the config links a record to one candidate only (`best_match_only` or
 *   `one_per_domain`), the E-step lets the candidates of a record compete (em-session.ts).
 * - Training keeps corpus statistics of the training records (TF adjustment, IDF), so the levels it
 *   sees are the ones scoring sees (`corpusStats: false` for a matcher compiled without them).
 */
import type { MatcherConfig } from '../config/matcher-config.types';
import { buildBlockIndex } from '../linkage/block-index';
import { compileMatcher } from '../matcher/matcher';
import type { EngineRegistry } from '../registry';
import { InMemoryCorpusStats } from '../stats/corpus-stats';
import { FLOOR, runSession, type SessionInput } from './em-session';
import { estimateLambdaFromRules, type DeterministicRules, type RuleLambda } from './lambda-rules';
import { mBounds, MIN_TOP_M } from './m-bounds';
import { collectPairs, pairsOf, type PairSet } from './patterns';
import { diagnoseTraining, type TrainingDiagnostics } from './training-report';
import { estimateU, totalPairs } from './u-sampling';

export interface TrainOptions {
  /** Source domain per record; with `crossDomainOnly`, only cross-domain pairs are trained on. */
  readonly domains?: readonly string[];
  readonly crossDomainOnly?: boolean;
  /** Random pairs drawn for u. Default 300 000. */
  readonly uSamplePairs?: number;
  /** Per session. Default 100. */
  readonly maxIterations?: number;
  /** Stop when no m or λ moves more than this. Default 1e-5. */
  readonly tolerance?: number;
  readonly seed?: number;
  /** Start EM from the config's m and prior (`config`) or from level-order defaults (`default`, the default). */
  readonly init?: 'config' | 'default';
  /** One EM session per blocking rule (`per_rule`, the default) or one over all blocked pairs (`combined`). */
  readonly sessions?: 'per_rule' | 'combined';
  /** A rule proposing fewer pairs than this gets no session of its own. Default 100. */
  readonly minSessionPairs?: number;
  /** Candidates of a record compete in the E-step. Default: the config's best_match_only or one_per_domain. */
  readonly compete?: boolean;
  /**
   * Train with corpus statistics of the training records (IDF, TF adjustment), as the bench scores.
   * Default true; false when the matcher that will use the weights is compiled without statistics
   * (the service), so training sees the levels scoring will see.
   */
  readonly corpusStats?: boolean;
  /**
   * Keep m plausible in every M-step (m-bounds.ts): Bayes factors non-increasing along a comparison's
   * nested levels, and at least `minTopM` of the match mass on its top level. Default true.
   */
  readonly bounded?: boolean;
  /** Default 0.05. */
  readonly minTopM?: number;
  /**
   * Set λ from deterministic rules (lambda-rules.ts) instead of EM's estimate; EM still estimates m
   * with it as the starting λ.
   */
  readonly lambdaRules?: DeterministicRules;
  readonly registry?: EngineRegistry;
}

export interface TrainedLevel {
  readonly label: string;
  readonly m: number;
  readonly u: number;
}

export interface TrainingSession {
  /** Blocking rule name, `*` for a session over every blocked pair. */
  readonly rule: string;
  readonly pairs: number;
  /** Comparisons whose m this session estimated (none: the final λ session). */
  readonly estimated: readonly string[];
  /** Mean match probability of the session's pairs. */
  readonly lambda: number;
  readonly iterations: number;
  readonly converged: boolean;
}

export interface TrainedWeights {
  readonly entityType: string;
  readonly prior: number;
  /** One entry per level of each comparison; null for null levels. */
  readonly comparisons: ReadonlyArray<{
    readonly name: string;
    readonly levels: ReadonlyArray<TrainedLevel | null>;
  }>;
  /** Over all sessions. */
  readonly iterations: number;
  /** Every session converged. */
  readonly converged: boolean;
  readonly records: number;
  readonly pairsSampledForU: number;
  readonly pairsBlocked: number;
  readonly sessions: readonly TrainingSession[];
  /** Where the prior came from: EM over the blocked pairs, or deterministic rules. */
  readonly lambdaSource: 'em' | 'rules';
  /** λ from the deterministic rules, when given. */
  readonly ruleLambda?: RuleLambda;
  /** What the weights do to the config's thresholds (training-report.ts). */
  readonly diagnostics: TrainingDiagnostics;
}

/** Level-order defaults: earlier (stricter) levels get geometrically more of the match mass. */
export function defaultM(config: MatcherConfig): number[][] {
  return config.comparisons.map((comparison) => {
    const raw = comparison.levels.map((level, l) => (level.kind === 'null' ? 0 : 4 ** -l));
    const sum = raw.reduce((a, b) => a + b, 0);
    return raw.map((value, l) => (comparison.levels[l].kind === 'null' ? NaN : value / sum));
  });
}

/**
 * Key parts that share one token or q-gram of a value (`token`, `qgram`) do not pin the comparisons
 * on that value: the pairs they propose still range from near-identical to barely related, so those
 * comparisons stay in the session. Every other part (exact, prefix, phonetic, ...) makes the pairs
 * agree on the value.
 */
const LOOSE_PARTS: ReadonlySet<string> = new Set(['token', 'qgram']);

/** For each rule, which comparisons read none of the raw fields the rule pins. */
function freeByRule(config: MatcherConfig): boolean[][] {
  const sources = (attribute: string) => config.attributes.get(attribute)?.source ?? [attribute];
  const fieldsOf = config.comparisons.map((comparison) => {
    const attributes = [...comparison.attributes, ...comparison.levels.flatMap((level) => level.attributes)];
    return new Set(attributes.flatMap(sources));
  });
  return config.blocking.rules.map((rule) => {
    const pinned = rule.parts.filter((part) => !LOOSE_PARTS.has(part.method));
    const blocked = new Set(pinned.flatMap((part) => sources(part.attribute)));
    return fieldsOf.map((fields) => ![...fields].some((field) => blocked.has(field)));
  });
}

const mean = (rows: number[][]): number[] =>
  rows[0].map((_, l) => rows.reduce((sum, row) => sum + row[l], 0) / rows.length);

export function trainMatcher(
  config: MatcherConfig,
  records: ReadonlyArray<Record<string, unknown>>,
  options: TrainOptions = {},
): TrainedWeights {
  const stats = options.corpusStats === false ? undefined : new InMemoryCorpusStats();
  const matcher = compileMatcher(config, { registry: options.registry, stats });
  const prepared = records.map((record) => matcher.prepare(record));
  prepared.forEach((record) => stats?.add(matcher.statTerms(record)));
  const domains = options.crossDomainOnly ? options.domains : undefined;
  const sample = estimateU(matcher, prepared, options.uSamplePairs ?? 300_000, options.seed ?? 42, domains);
  const set = collectPairs(matcher, prepared, buildBlockIndex(matcher, prepared), domains);
  const space = totalPairs(prepared.length, domains);
  const all = set.pattern.length;
  const useConfig = options.init === 'config' && config.prior !== undefined;
  const ruleLambda = options.lambdaRules
    ? estimateLambdaFromRules(config, prepared, options.lambdaRules, { domains, registry: options.registry })
    : undefined;
  const startPrior = ruleLambda?.lambda ?? (useConfig ? config.prior : undefined);
  const base: Omit<SessionInput, 'members' | 'active' | 'free' | 'm'> = {
    set,
    isNull: config.comparisons.map((c) => c.levels.map((level) => level.kind === 'null')),
    u: sample.u,
    lambda: startPrior !== undefined ? Math.min(0.5, (startPrior * space) / Math.max(all, 1)) : 0.1,
    compete: options.compete ?? (config.clustering.bestMatchOnly || config.clustering.onePerDomain),
    maxIterations: options.maxIterations ?? 100,
    tolerance: options.tolerance ?? 1e-5,
    ...(options.bounded !== false && { bounds: mBounds(config.comparisons, options.minTopM ?? MIN_TOP_M) }),
  };
  const initialM = useConfig
    ? config.comparisons.map((c) => c.levels.map((level) => level.m ?? NaN))
    : defaultM(config);
  const names = config.comparisons.map((comparison) => comparison.name);
  const sessions: TrainingSession[] = [];
  const session = (rule: string, members: Int32Array, active: boolean[], free: boolean[], m: number[][]) => {
    const result = runSession({ ...base, members, active, free, m });
    sessions.push({
      rule,
      pairs: members.length,
      estimated: names.filter((_, c) => free[c]),
      lambda: result.lambda,
      iterations: result.iterations,
      converged: result.converged,
    });
    return result;
  };
  const every = names.map(() => true);
  const m =
    options.sessions === 'combined'
      ? session('*', pairsOf(set), every, every, initialM).m
      : perRuleSessions(config, set, options.minSessionPairs ?? 100, initialM, session);
  const final = session(
    '*',
    pairsOf(set),
    every,
    names.map(() => false),
    m,
  );
  const prior = Math.min(Math.max(ruleLambda?.lambda ?? final.matches / Math.max(space, 1), 1e-12), 0.5);
  const u = sample.u.map((row) => row.map((value) => Math.max(value, FLOOR)));
  const converged = sessions.every((s) => s.converged);
  return {
    entityType: config.entityType,
    prior,
    comparisons: config.comparisons.map((comparison, c) => ({
      name: comparison.name,
      levels: comparison.levels.map((level, l) =>
        level.kind === 'null' ? null : { label: level.label, m: m[c][l], u: u[c][l] },
      ),
    })),
    iterations: sessions.reduce((sum, s) => sum + s.iterations, 0),
    converged,
    records: records.length,
    pairsSampledForU: sample.pairs,
    pairsBlocked: all,
    sessions,
    lambdaSource: ruleLambda ? 'rules' : 'em',
    ...(ruleLambda && { ruleLambda }),
    diagnostics: diagnoseTraining(config, m, u, prior, set, sample.patterns, space, converged),
  };
}

type Session = (
  rule: string,
  members: Int32Array,
  active: boolean[],
  free: boolean[],
  m: number[][],
) => { m: number[][] };

function perRuleSessions(
  config: MatcherConfig,
  set: PairSet,
  minPairs: number,
  initialM: number[][],
  session: Session,
): number[][] {
  const estimates: number[][][] = config.comparisons.map(() => []);
  freeByRule(config).forEach((free, r) => {
    if (!free.some(Boolean)) return;
    const members = pairsOf(set, r);
    if (members.length < minPairs) return;
    const result = session(config.blocking.rules[r].name, members, free, free, initialM);
    free.forEach((estimated, c) => estimated && estimates[c].push(result.m[c]));
  });
  const m = initialM.map((row, c) => (estimates[c].length > 0 ? mean(estimates[c]) : row));
  const left = estimates.map((rows) => rows.length === 0);
  if (!left.some(Boolean)) return m;
  const every = config.comparisons.map(() => true);
  return session('*', pairsOf(set), every, left, m).m;
}
