/**
 * Semantic checks and normalization of `comparisons`: Splink-style ordered levels (null, exact, metric
 * thresholds from strict to loose, else), each with m and u probabilities.
 */
import type { EngineRegistry } from '../registry';
import type { IssueList } from './matcher-config.error';
import type { RawComparison, RawLevel, RawWeightsFile } from './matcher-config.raw';
import type { AttributeConfig, ComparisonConfig, LevelConfig, LevelKind } from './matcher-config.types';

/** Metrics whose options receive the engine's `idf(token)` function (corpus statistics). */
export const IDF_METRICS: ReadonlySet<string> = new Set(['tfidf_cosine', 'tfidf_overlap', 'soft_tfidf']);
export const DEFAULT_TF_FLOOR = 0.0001;
// Loose enough for rounded hand-set values and the 6 significant digits of a weights file.
const SUM_TOLERANCE = 1e-3;

type LevelWeights = RawWeightsFile['comparisons'][string] | undefined;

export function metricOptionsForCheck(
  metric: string,
  options: Record<string, unknown>,
): Record<string, unknown> {
  return IDF_METRICS.has(metric) ? { ...options, idf: () => 1 } : options;
}

export function buildComparisons(
  raw: RawComparison[],
  attributes: ReadonlyMap<string, AttributeConfig>,
  issues: IssueList,
  registry: EngineRegistry,
  weights: RawWeightsFile | undefined,
  requireWeights: boolean,
): ComparisonConfig[] {
  const names = new Set<string>();
  return raw.map((comparison, c) => {
    const at = issues.at(`comparisons[${c}]`);
    if (names.has(comparison.name)) at.add('name', `duplicate comparison name "${comparison.name}"`);
    names.add(comparison.name);
    if ((comparison.attribute === undefined) === (comparison.attributes === undefined)) {
      at.add('', 'set exactly one of "attribute" or "attributes"');
    }
    const compared =
      comparison.attributes ?? (comparison.attribute !== undefined ? [comparison.attribute] : []);
    checkAttributes(compared, attributes, at, comparison.attributes ? 'attributes' : 'attribute');
    const trained = weights?.comparisons[comparison.name];
    const levels = comparison.levels.map((level, l) =>
      buildLevel(level, l, comparison.levels.length, compared, attributes, at.at(`levels[${l}]`), registry),
    );
    checkOrder(levels, registry, at);
    return {
      name: comparison.name,
      attributes: compared,
      levels: applyWeights(levels, trained, at, requireWeights),
    };
  });
}

function checkAttributes(
  names: readonly string[],
  attributes: ReadonlyMap<string, AttributeConfig>,
  at: IssueList,
  key: string,
): void {
  names.forEach((name, i) => {
    if (!attributes.has(name)) at.add(names.length > 1 ? `${key}[${i}]` : key, `unknown attribute "${name}"`);
  });
}

function buildLevel(
  raw: RawLevel,
  index: number,
  count: number,
  compared: readonly string[],
  attributes: ReadonlyMap<string, AttributeConfig>,
  at: IssueList,
  registry: EngineRegistry,
): LevelConfig {
  const kind: LevelKind = raw.kind ?? 'null';
  if (kind === 'null' && index !== 0) at.add('kind', 'the null level must come first');
  if (kind === 'else' && index !== count - 1) at.add('kind', 'the else level must come last');
  if (index === count - 1 && kind !== 'else')
    at.add('kind', 'the last level must be "else" so every pair lands somewhere');
  if (kind === 'null' && (raw.m !== undefined || raw.u !== undefined)) {
    at.add('', 'the null level carries no evidence (weight 0): remove m and u');
  }
  if (
    kind !== 'metric' &&
    (raw.metric !== undefined || raw.threshold !== undefined || raw.options !== undefined)
  ) {
    at.add('', `metric, threshold and options only apply to kind "metric", not "${kind}"`);
  }
  if (raw.attribute !== undefined && raw.attributes !== undefined)
    at.add('', 'set "attribute" or "attributes", not both');
  const own = raw.attributes ?? (raw.attribute !== undefined ? [raw.attribute] : undefined);
  if (own) checkAttributes(own, attributes, at, raw.attributes ? 'attributes' : 'attribute');
  const levelAttributes = own ?? compared;
  const swapped = raw.swapped ?? false;
  if (swapped && levelAttributes.length !== 2) at.add('swapped', 'swapped needs exactly two attributes');
  if (raw.veto && kind === 'null') at.add('veto', 'a null level carries no evidence and cannot veto');
  if (swapped && (kind === 'null' || kind === 'else'))
    at.add('swapped', `swapped does not apply to kind "${kind}"`);
  const tf = raw.term_frequency_adjustment ?? false;
  if (tf && kind !== 'exact')
    at.add('term_frequency_adjustment', 'term frequency adjustment only applies to exact levels');
  if (tf && levelAttributes.length !== 1) at.add('term_frequency_adjustment', 'needs a single attribute');
  if (!tf && (raw.tf_floor !== undefined || raw.tf_weight !== undefined)) {
    at.add('', 'tf_floor and tf_weight need term_frequency_adjustment: true');
  }
  let label = kind as string;
  if (kind === 'metric') label = checkMetric(raw, at, registry) ?? 'metric';
  if (own) label += `(${own.join(',')})`;
  if (swapped) label += ' swapped';
  return {
    kind,
    label: raw.label ?? label,
    attributes: levelAttributes,
    swapped,
    ...(raw.metric !== undefined && { metric: raw.metric, metricOptions: raw.options ?? {} }),
    ...(raw.threshold !== undefined && { threshold: raw.threshold }),
    ...(raw.m !== undefined && { m: raw.m }),
    ...(raw.u !== undefined && { u: raw.u }),
    termFrequencyAdjustment: tf,
    tfFloor: raw.tf_floor ?? DEFAULT_TF_FLOOR,
    tfWeight: raw.tf_weight ?? 1,
    veto: raw.veto ?? false,
  };
}

/** Returns the default label (`jaro_winkler>=0.92`) when the metric level is usable. */
function checkMetric(raw: RawLevel, at: IssueList, registry: EngineRegistry): string | undefined {
  if (raw.metric === undefined) {
    at.add('metric', 'a metric level needs a metric name');
    return undefined;
  }
  const definition = registry.metrics.get(raw.metric);
  if (!definition) {
    at.add('metric', `unknown metric "${raw.metric}"; known: ${[...registry.metrics.keys()].join(', ')}`);
    return undefined;
  }
  try {
    definition.create(metricOptionsForCheck(raw.metric, raw.options ?? {}));
  } catch (error) {
    at.add('options', (error as Error).message);
  }
  if (raw.threshold === undefined) {
    at.add('threshold', `a metric level needs a threshold`);
    return undefined;
  }
  if (definition.kind === 'similarity' && (raw.threshold < 0 || raw.threshold > 1)) {
    at.add(
      'threshold',
      `${raw.metric} is a similarity in [0, 1]; threshold ${raw.threshold} is out of range`,
    );
  }
  if (definition.kind === 'distance' && raw.threshold < 0) {
    at.add('threshold', `${raw.metric} is a distance; threshold ${raw.threshold} must be >= 0`);
  }
  return `${raw.metric}${definition.kind === 'similarity' ? '>=' : '<='}${raw.threshold}`;
}

/** Levels are tried in order: a looser level before a stricter one on the same values hides it. */
function checkOrder(levels: readonly LevelConfig[], registry: EngineRegistry, at: IssueList): void {
  const sameValues = (a: LevelConfig, b: LevelConfig) =>
    a.swapped === b.swapped && a.attributes.join() === b.attributes.join();
  levels.forEach((level, j) => {
    for (let i = 0; i < j; i++) {
      const earlier = levels[i];
      if (earlier.kind !== 'metric' || !sameValues(earlier, level)) continue;
      if (level.kind === 'exact') {
        at.add(
          `levels[${j}].kind`,
          `unreachable: the metric level levels[${i}] already catches exact matches`,
        );
      }
      const sameMetric =
        level.kind === 'metric' &&
        level.metric === earlier.metric &&
        JSON.stringify(level.metricOptions) === JSON.stringify(earlier.metricOptions);
      if (!sameMetric || level.threshold === undefined || earlier.threshold === undefined) continue;
      const similarity = registry.metrics.get(level.metric ?? '')?.kind === 'similarity';
      if (similarity ? level.threshold >= earlier.threshold : level.threshold <= earlier.threshold) {
        at.add(
          `levels[${j}].threshold`,
          `must be ${similarity ? 'lower' : 'higher'} than ${earlier.threshold} (levels[${i}]): ` +
            'order levels from strict to loose',
        );
      }
    }
  });
}

function applyWeights(
  levels: LevelConfig[],
  trained: LevelWeights,
  at: IssueList,
  requireWeights: boolean,
): LevelConfig[] {
  const merged = levels.map((level, l) => {
    const weights = trained?.[l];
    if (!weights || level.kind === 'null') return level;
    return { ...level, m: weights.m, u: weights.u };
  });
  if (trained && trained.length !== levels.length) {
    at.add(
      'levels',
      `the weights file has ${trained.length} levels for this comparison, the config ${levels.length}: retrain`,
    );
  }
  trained?.forEach((weights, l) => {
    const label = levels[l]?.label;
    if (weights?.label !== undefined && label !== undefined && weights.label !== label) {
      at.add(
        `levels[${l}]`,
        `the weights file was trained for level "${weights.label}", the config has "${label}": retrain`,
      );
    }
  });
  if (!requireWeights) return merged;
  merged.forEach((level, l) => {
    if (level.kind === 'null') return;
    if (level.m === undefined) at.add(`levels[${l}].m`, 'm is required (set it, or train weights)');
    if (level.u === undefined) at.add(`levels[${l}].u`, 'u is required (set it, or train weights)');
  });
  for (const key of ['m', 'u'] as const) {
    const sum = merged.reduce((total, level) => total + (level[key] ?? 0), 0);
    if (sum > 1 + SUM_TOLERANCE) {
      at.add(
        'levels',
        `the ${key} probabilities of the levels sum to ${sum.toFixed(4)}; they must not exceed 1`,
      );
    }
  }
  return merged;
}
