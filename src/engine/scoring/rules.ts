/**
 * Deterministic rules, evaluated in order before probabilistic scoring; the first rule whose
 * condition holds decides the pair (and is named in the explanation). Typical uses: a shared tax id
 * is a match, two different non-null dates of birth are not.
 */
import { metricOptionsForCheck } from '../config/comparisons.semantic';
import type { Decision, RuleCondition, RuleConfig } from '../config/matcher-config.types';
import type { PreparedRecord } from '../matcher/prepare';
import type { EngineRegistry } from '../registry';
import { vocabularyOf } from '../stats/corpus-stats';
import { withIdf, type IdfSource } from './comparison';

type Condition = (a: PreparedRecord, b: PreparedRecord) => boolean;

export interface CompiledRules {
  /** The first rule that fires, if any. */
  evaluate(a: PreparedRecord, b: PreparedRecord): { name: string; then: Decision } | undefined;
}

const missing = (value: string | null | undefined): value is null | undefined =>
  value === null || value === undefined;

function compileCondition(condition: RuleCondition, registry: EngineRegistry, idf: IdfSource): Condition {
  if ('all' in condition) {
    const parts = condition.all.map((child) => compileCondition(child, registry, idf));
    return (a, b) => parts.every((part) => part(a, b));
  }
  if ('any' in condition) {
    const parts = condition.any.map((child) => compileCondition(child, registry, idf));
    return (a, b) => parts.some((part) => part(a, b));
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not, registry, idf);
    return (a, b) => !inner(a, b);
  }
  if ('metric' in condition) {
    const definition = registry.metrics.get(condition.metric);
    if (!definition) throw new Error(`unknown metric "${condition.metric}"`);
    const { attribute } = condition;
    const options = metricOptionsForCheck(condition.metric, condition.options ?? {});
    const vocabulary = vocabularyOf(attribute, options);
    const compare = definition.create('idf' in options ? withIdf(options, idf, vocabulary) : options);
    const { at_least: atLeast, at_most: atMost } = condition;
    return (a, b) => {
      const x = a[attribute];
      const y = b[attribute];
      if (missing(x) || missing(y)) return false;
      const value = compare(x, y);
      return atLeast !== undefined ? value >= atLeast : atMost !== undefined && value <= atMost;
    };
  }
  if ('exact' in condition) {
    const name = condition.exact;
    return (a, b) => !missing(a[name]) && a[name] === b[name];
  }
  if ('different_non_null' in condition) {
    const name = condition.different_non_null;
    return (a, b) => !missing(a[name]) && !missing(b[name]) && a[name] !== b[name];
  }
  if ('either_null' in condition) {
    const name = condition.either_null;
    return (a, b) => missing(a[name]) || missing(b[name]);
  }
  const name = condition.both_null;
  return (a, b) => missing(a[name]) && missing(b[name]);
}

export function compileRules(
  rules: readonly RuleConfig[],
  registry: EngineRegistry,
  idf: IdfSource,
): CompiledRules {
  const compiled = rules.map((rule) => ({
    name: rule.name,
    then: rule.then,
    when: compileCondition(rule.when, registry, idf),
  }));
  return {
    evaluate(a, b) {
      for (const rule of compiled) {
        if (rule.when(a, b)) return { name: rule.name, then: rule.then };
      }
      return undefined;
    },
  };
}
