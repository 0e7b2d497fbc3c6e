/**
 * The compiled matcher: the engine's one entry point for the service and the bench.
 *
 * Incremental use: `prepare` a record once (store the JSON), store its `blockingKeys`, fetch the
 * candidates sharing a key (skipping keys whose block exceeds `maxBlockSize(key)`), `compare` the new
 * record with each, and act on the decision. `statTerms` lists the counts a record adds to the corpus
 * statistics behind TF adjustment and IDF.
 */
import { createHash } from 'node:crypto';
import { compileBlocking } from '../blocking/blocking-keys';
import { IDF_METRICS } from '../config/comparisons.semantic';
import type { Decision, MatcherConfig, RuleCondition, ThresholdPair } from '../config/matcher-config.types';
import { ENGINE_REGISTRY, type EngineRegistry } from '../registry';
import { compileComparison, type IdfSource } from '../scoring/comparison';
import {
  compileScorer,
  explain,
  probabilityOf,
  type Scorer,
  type ScoredPair,
} from '../scoring/fellegi-sunter';
import { compileRules } from '../scoring/rules';
import { BOUND_SLACK, compileWeightBound, reviewWeight, type WeightBound } from '../scoring/weight-bound';
import { idf, tokenizerOf, vocabularyOf, type CorpusStats, type StatTerms } from '../stats/corpus-stats';
import { compilePreparer, type PreparedRecord } from './prepare';

export interface CompareContext {
  /** The blocking key that made the pair a candidate; recorded in the explanation. */
  readonly blockingKey?: string;
  /** One side is steward-confirmed: use `thresholds.confirmed` when the config has it. */
  readonly confirmed?: boolean;
}

export interface CompileOptions {
  readonly stats?: CorpusStats;
  readonly registry?: EngineRegistry;
}

export interface Matcher {
  readonly config: MatcherConfig;
  /** Changes when attributes or normalizers change: prepared forms with another fingerprint are stale. */
  readonly fingerprint: string;
  prepare(attributes: Record<string, unknown>): PreparedRecord;
  blockingKeys(record: PreparedRecord): string[];
  /** Cap for the block of this key: a key shared by more records is skipped (and counted), never scanned. */
  maxBlockSize(key: string): number;
  compare(a: PreparedRecord, b: PreparedRecord, context?: CompareContext): ScoredPair;
  /**
   * `compare` for a candidate pair, scored once: undefined when the pair is a non-match (most of
   * a block), decided without building an explanation.
   */
  candidate(a: PreparedRecord, b: PreparedRecord, context?: CompareContext): ScoredPair | undefined;
  /** The level index per comparison (the comparison vector γ), as used by EM. */
  levels(a: PreparedRecord, b: PreparedRecord): number[];
  /** Match weight of a pair without explanation or rules (hot path of the batch linker). */
  weight(a: PreparedRecord, b: PreparedRecord): number;
  /**
   * The deterministic rule that decides this pair, if any: a config rule, else a vetoing level
   * (`veto:<comparison>`, a non-match).
   */
  rule(a: PreparedRecord, b: PreparedRecord): { name: string; then: Decision } | undefined;
  /** The pair's decision without explanation: rule or veto, else the score against the thresholds. */
  verdict(a: PreparedRecord, b: PreparedRecord): Decision;
  /**
   * What the pair's evidence says, for the disagreement guard: `match` as `verdict`; `no-match` when
   * a rule or veto says so or the comparisons weigh against (their Bayes factor, the prior left out,
   * is below 1); otherwise `review` (neutral). Too little evidence for a match, such as a shared name
   * with every other field missing, is not disagreement.
   */
  evidence(a: PreparedRecord, b: PreparedRecord): Decision;
  decide(probability: number, confirmed?: boolean): Decision;
  statTerms(record: PreparedRecord): StatTerms;
  /**
   * The attributes (TF) and vocabularies (IDF) the matcher reads statistics for, sorted; empty
   * when it reads none, and then statistics change nothing.
   */
  readonly statVocabularies: readonly string[];
}

/** What the matcher reads statistics for: TF on exact levels, IDF vocabularies of tfidf metrics. */
function statAttributes(config: MatcherConfig): {
  tf: string[];
  idf: Array<{ attribute: string; vocabulary: string }>;
} {
  const tf = new Set<string>();
  const idfs = new Map<string, string>();
  const addIdf = (attribute: string, options: Record<string, unknown> | undefined) =>
    idfs.set(vocabularyOf(attribute, options), attribute);
  for (const comparison of config.comparisons) {
    for (const level of comparison.levels) {
      if (level.termFrequencyAdjustment) tf.add(level.attributes[0]);
      if (level.metric && IDF_METRICS.has(level.metric))
        level.attributes.forEach((a) => addIdf(a, level.metricOptions));
    }
  }
  const visit = (condition: RuleCondition): void => {
    if ('all' in condition) condition.all.forEach(visit);
    else if ('any' in condition) condition.any.forEach(visit);
    else if ('not' in condition) visit(condition.not);
    else if ('metric' in condition && IDF_METRICS.has(condition.metric))
      addIdf(condition.attribute, condition.options);
  };
  config.rules.forEach((rule) => visit(rule.when));
  return { tf: [...tf], idf: [...idfs].map(([vocabulary, attribute]) => ({ attribute, vocabulary })) };
}

export function fingerprintOf(config: MatcherConfig): string {
  const attributes = [...config.attributes.values()].map(({ name, source, normalizers }) => [
    name,
    source,
    normalizers,
  ]);
  return createHash('sha256').update(JSON.stringify(attributes)).digest('hex').slice(0, 16);
}

export function compileMatcher(config: MatcherConfig, options: CompileOptions = {}): Matcher {
  const registry = options.registry ?? ENGINE_REGISTRY;
  const { stats } = options;
  const idfSource: IdfSource = {
    idf: (vocabulary, token) => (stats ? idf(stats, vocabulary, token) : 1),
    revision: () => stats?.revision ?? 0,
  };
  const prepare = compilePreparer(config.attributes, registry);
  const blocking = compileBlocking(config.blocking, registry);
  const comparisons = config.comparisons.map((comparison) =>
    compileComparison(comparison, registry, idfSource),
  );
  const rules = compileRules(config.rules, registry, idfSource);
  const tracked = statAttributes(config);
  let scorer: Scorer | undefined;
  const getScorer = () => (scorer ??= compileScorer(config, stats));
  const levels = (a: PreparedRecord, b: PreparedRecord) =>
    comparisons.map((comparison) => comparison.level(a, b));

  const vetoes = comparisons.flatMap((comparison, index) => {
    const levels = new Set(comparison.config.levels.flatMap((level, i) => (level.veto ? [i] : [])));
    return levels.size > 0 ? [{ comparison, index, levels, name: `veto:${comparison.config.name}` }] : [];
  });
  /** The veto that decides the pair, if any; `fired` reuses levels already computed. */
  const veto = (a: PreparedRecord, b: PreparedRecord, fired?: readonly number[]) => {
    for (const { comparison, index, levels, name } of vetoes)
      if (levels.has(fired ? fired[index] : comparison.level(a, b)))
        return { name, then: 'no-match' as const };
    return undefined;
  };
  /** The config rule or veto that decides the pair. */
  const rule = (a: PreparedRecord, b: PreparedRecord) => rules.evaluate(a, b) ?? veto(a, b);
  const weight = (a: PreparedRecord, b: PreparedRecord) => getScorer().score(levels(a, b), a, false).total;

  let bound: WeightBound | undefined;
  /**
   * The levels of a pair, cheapest comparison first; undefined as soon as the weight so far plus the
   * most the remaining comparisons can add is below the review band, so costly metrics are skipped.
   */
  const boundedLevels = (a: PreparedRecord, b: PreparedRecord, confirmed = false) => {
    const scorer = getScorer();
    const { order, rest, firstCheck } = (bound ??= compileWeightBound(config.comparisons, scorer.maxWeights));
    const floor = reviewWeight(((confirmed && config.thresholds.confirmed) || config.thresholds).review);
    const fired = new Array<number>(order.length);
    let partial = scorer.priorWeight;
    for (let k = 0; k < order.length; k++) {
      if (k >= firstCheck && partial + rest[k] + BOUND_SLACK < floor) return undefined;
      const c = order[k];
      fired[c] = comparisons[c].level(a, b);
      partial += scorer.weightOf(c, fired[c], a);
    }
    return fired;
  };

  /**
   * Every comparison and rule evaluated once per pair; the explanation is built only when asked
   * for, or (`unlessNoMatch`) only for pairs that are not non-matches, the few of a candidate block.
   */
  const judge = (
    a: PreparedRecord,
    b: PreparedRecord,
    context: CompareContext,
    unlessNoMatch: boolean,
  ): ScoredPair | undefined => {
    const early = rules.evaluate(a, b);
    if (unlessNoMatch && early?.then === 'no-match') return undefined;
    const active = getScorer();
    // With no rule deciding, a pair that cannot reach the review band is a non-match (weight-bound.ts).
    const fired = unlessNoMatch && !early ? boundedLevels(a, b, context.confirmed) : levels(a, b);
    if (!fired) return undefined;
    const decided = early ?? veto(a, b, fired);
    if (unlessNoMatch && decided?.then === 'no-match') return undefined;
    const { total } = active.score(fired, a, false);
    const probability = probabilityOf(total);
    const decision = decided ? decided.then : decide(probability, context.confirmed);
    if (unlessNoMatch && decision === 'no-match') return undefined;
    const { parts } = active.score(fired, a, true);
    return {
      score: total,
      probability,
      decision,
      explanation: explain(total, parts, active.priorWeight, context.blockingKey, decided?.name),
    };
  };

  const decide = (probability: number, confirmed = false): Decision => {
    const thresholds: ThresholdPair = (confirmed && config.thresholds.confirmed) || config.thresholds;
    if (probability >= thresholds.match) return 'match';
    return probability >= thresholds.review ? 'review' : 'no-match';
  };

  return {
    config,
    fingerprint: fingerprintOf(config),
    statVocabularies: [...new Set([...tracked.tf, ...tracked.idf.map((v) => v.vocabulary)])].sort(),
    prepare,
    blockingKeys: (record) => blocking.keys(record),
    maxBlockSize: (key) => blocking.maxBlockSize(key),
    levels,
    weight,
    rule,
    verdict: (a, b) => rule(a, b)?.then ?? decide(probabilityOf(weight(a, b))),
    evidence(a, b) {
      const decided = rule(a, b);
      if (decided) return decided.then;
      const scorer = getScorer();
      const total = scorer.score(levels(a, b), a, false).total;
      if (decide(probabilityOf(total)) === 'match') return 'match';
      return total - scorer.priorWeight < 0 ? 'no-match' : 'review';
    },
    decide,
    compare: (a, b, context = {}) => judge(a, b, context, false)!,
    candidate: (a, b, context = {}) => judge(a, b, context, true),
    statTerms(record) {
      const attributes = new Set<string>();
      const values: Array<[string, string]> = [];
      const tokens: Array<[string, string]> = [];
      for (const attribute of tracked.tf) {
        const value = record[attribute];
        if (value === null || value === undefined) continue;
        attributes.add(attribute);
        values.push([attribute, value]);
      }
      for (const { attribute, vocabulary } of tracked.idf) {
        const value = record[attribute];
        if (value === null || value === undefined) continue;
        attributes.add(vocabulary);
        for (const token of new Set(tokenizerOf(vocabulary)(value))) tokens.push([vocabulary, token]);
      }
      return { attributes: [...attributes], values, tokens };
    },
  };
}
