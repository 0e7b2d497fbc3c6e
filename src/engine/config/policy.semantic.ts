/** Semantic checks of the decision policy: deterministic rules, thresholds, survivorship, clustering. */
import type { EngineRegistry } from '../registry';
import type { IssueList } from './matcher-config.error';
import type { RawMatcherConfig, RawSurvivorship } from './matcher-config.raw';
import {
  CLUSTERING_DEFAULTS,
  type AttributeConfig,
  type ClusteringConfig,
  type RuleCondition,
  type RuleConfig,
  type SurvivorshipConfig,
  type SurvivorshipStrategy,
  type ThresholdsConfig,
} from './matcher-config.types';
import { metricOptionsForCheck } from './comparisons.semantic';

const PRIMARY_KEYS = [
  'exact',
  'different_non_null',
  'either_null',
  'both_null',
  'metric',
  'all',
  'any',
  'not',
];

export function checkRules(
  raw: NonNullable<RawMatcherConfig['rules']>,
  attributes: ReadonlyMap<string, AttributeConfig>,
  issues: IssueList,
  registry: EngineRegistry,
): RuleConfig[] {
  const names = new Set<string>();
  raw.forEach((rule, r) => {
    if (names.has(rule.name)) issues.add(`rules[${r}].name`, `duplicate rule name "${rule.name}"`);
    names.add(rule.name);
    checkCondition(rule.when, attributes, issues.at(`rules[${r}].when`), registry);
  });
  return raw;
}

function checkCondition(
  condition: RuleCondition,
  attributes: ReadonlyMap<string, AttributeConfig>,
  at: IssueList,
  registry: EngineRegistry,
): void {
  const keys = Object.keys(condition);
  const primary = keys.filter((key) => PRIMARY_KEYS.includes(key));
  if (primary.length !== 1) {
    at.add(
      '',
      `a condition needs exactly one of ${PRIMARY_KEYS.join(', ')}; found ${primary.join(', ') || 'none'}`,
    );
    return;
  }
  const [kind] = primary;
  const extra = keys.filter(
    (key) =>
      key !== kind && (kind !== 'metric' || !['attribute', 'at_least', 'at_most', 'options'].includes(key)),
  );
  if (extra.length > 0) at.add('', `"${extra.join('", "')}" does not go with "${kind}"`);
  if ('all' in condition || 'any' in condition) {
    const list = 'all' in condition ? condition.all : condition.any;
    list.forEach((child, i) => checkCondition(child, attributes, at.at(`${kind}[${i}]`), registry));
  } else if ('not' in condition) {
    checkCondition(condition.not, attributes, at.at('not'), registry);
  } else if ('metric' in condition) {
    const definition = registry.metrics.get(condition.metric);
    if (!definition) at.add('metric', `unknown metric "${condition.metric}"`);
    if (condition.attribute === undefined) at.add('attribute', 'a metric condition needs an attribute');
    else if (!attributes.has(condition.attribute))
      at.add('attribute', `unknown attribute "${condition.attribute}"`);
    const bound = definition?.kind === 'distance' ? 'at_most' : 'at_least';
    const wrong = bound === 'at_most' ? 'at_least' : 'at_most';
    if (definition && condition[bound] === undefined) at.add('', `${condition.metric} needs ${bound}`);
    if (definition && condition[wrong] !== undefined)
      at.add(wrong, `use ${bound} with the ${definition.kind} ${condition.metric}`);
    if (definition) {
      try {
        definition.create(metricOptionsForCheck(condition.metric, condition.options ?? {}));
      } catch (error) {
        at.add('options', (error as Error).message);
      }
    }
  } else {
    const attribute = (condition as Record<string, string>)[kind];
    if (!attributes.has(attribute)) at.add(kind, `unknown attribute "${attribute}"`);
  }
}

export function checkThresholds(raw: RawMatcherConfig['thresholds'], issues: IssueList): ThresholdsConfig {
  const check = (pair: { match: number; review: number }, path: string) => {
    if (pair.review > pair.match) {
      issues.add(`${path}review`, `review (${pair.review}) must not exceed match (${pair.match})`);
    }
  };
  check(raw, 'thresholds.');
  if (raw.confirmed) check(raw.confirmed, 'thresholds.confirmed.');
  return raw;
}

function toStrategy(raw: RawSurvivorship, at: IssueList): SurvivorshipStrategy {
  if (typeof raw === 'string') {
    return { strategy: raw as Exclude<SurvivorshipStrategy['strategy'], 'source_priority'> };
  }
  if (raw.strategy === 'source_priority') {
    if (!raw.priority) at.add('priority', 'source_priority needs a priority list of source domains');
    return { strategy: 'source_priority', priority: raw.priority ?? [] };
  }
  if (raw.priority) at.add('priority', `priority only applies to source_priority, not ${raw.strategy}`);
  return { strategy: raw.strategy };
}

export function checkSurvivorship(
  raw: RawMatcherConfig['survivorship'],
  issues: IssueList,
): SurvivorshipConfig {
  const fields = Object.create(null) as Record<string, SurvivorshipStrategy>;
  for (const [field, strategy] of Object.entries(raw?.fields ?? {})) {
    fields[field] = toStrategy(strategy, issues.at(`survivorship.fields.${field}`));
  }
  const fallback = raw?.default ? toStrategy(raw.default, issues.at('survivorship.default')) : undefined;
  return { default: fallback ?? { strategy: 'most_recent' }, fields };
}

/** The guards are on unless a config sets them otherwise (`min_link_share: 0`, `max_disagreement: 1`). */
export function checkClustering(raw: RawMatcherConfig['clustering'], issues: IssueList): ClusteringConfig {
  // A second round re-runs best-match selection: without best_match_only there is none to re-run.
  if ((raw?.best_match_rounds ?? 1) > 1 && !raw?.best_match_only)
    issues.add('clustering.best_match_rounds', 'best_match_rounds above 1 needs best_match_only: true');
  return {
    maxClusterSize: raw?.max_cluster_size ?? CLUSTERING_DEFAULTS.maxClusterSize,
    onePerDomain: raw?.one_per_domain ?? false,
    bestMatchOnly: raw?.best_match_only ?? false,
    bestMatchMargin: raw?.best_match_margin ?? 0,
    bestMatchRounds: raw?.best_match_rounds ?? 1,
    minLinkShare: raw?.min_link_share ?? CLUSTERING_DEFAULTS.minLinkShare,
    maxDisagreement: raw?.max_disagreement ?? CLUSTERING_DEFAULTS.maxDisagreement,
  };
}
