/**
 * A comparison as an ordered list of levels (Splink, "Comparisons and comparison levels"): the first
 * level whose condition holds is the one that fires, and its index is the explainable output.
 *
 * - `null`: a compared value is missing on either side (no evidence, weight 0);
 * - `exact`: every compared value is equal;
 * - `metric`: every compared value passes the threshold (`>=` for similarities, `<=` for distances);
 * - `else`: always.
 * Levels that use the same metric on the same values share one computation per pair.
 */
import { IDF_METRICS } from '../config/comparisons.semantic';
import type { ComparisonConfig, LevelConfig } from '../config/matcher-config.types';
import type { PreparedRecord } from '../matcher/prepare';
import type { EngineRegistry } from '../registry';
import { vocabularyOf } from '../stats/corpus-stats';

/**
 * The corpus IDF the engine injects into tfidf metrics: `idf` per vocabulary and token, and a
 * revision that changes whenever the counts behind it change, so a metric that caches token
 * vectors per value knows when to drop them.
 */
export interface IdfSource {
  idf(vocabulary: string, token: string): number;
  revision(): number;
}

/** A tfidf metric's options with the engine's IDF injected (`idf`, `idf_revision`). */
export function withIdf(
  options: Record<string, unknown>,
  source: IdfSource,
  vocabulary: string,
): Record<string, unknown> {
  return { ...options, idf: (token: string) => source.idf(vocabulary, token), idf_revision: source.revision };
}

export interface CompiledComparison {
  readonly config: ComparisonConfig;
  /** Index of the level that fires for this pair. */
  level(a: PreparedRecord, b: PreparedRecord): number;
}

type Measure = (a: PreparedRecord, b: PreparedRecord) => number;
type Predicate = (a: PreparedRecord, b: PreparedRecord, measured: Float64Array) => boolean;

/** Pairs of attribute names compared for a level: (a[left[i]], b[right[i]]). */
function sides(level: LevelConfig): { left: readonly string[]; right: readonly string[] } {
  return {
    left: level.attributes,
    right: level.swapped ? [...level.attributes].reverse() : level.attributes,
  };
}

function metricFor(level: LevelConfig, attribute: string, registry: EngineRegistry, idf: IdfSource) {
  const definition = registry.metrics.get(level.metric ?? '');
  if (!definition) throw new Error(`unknown metric "${level.metric}"`);
  const options = level.metricOptions ?? {};
  const vocabulary = vocabularyOf(attribute, options);
  const compare = definition.create(
    IDF_METRICS.has(definition.name) ? withIdf(options, idf, vocabulary) : options,
  );
  return { compare, similarity: definition.kind === 'similarity' };
}

/** One number per pair for a metric level: the worst value over the compared attributes, NaN if missing. */
function compileMeasure(
  level: LevelConfig,
  registry: EngineRegistry,
  idf: IdfSource,
): { measure: Measure; similarity: boolean } {
  const { left, right } = sides(level);
  const metrics = left.map((attribute) => metricFor(level, attribute, registry, idf));
  const similarity = metrics[0].similarity;
  const measure: Measure = (a, b) => {
    let worst = similarity ? Infinity : -Infinity;
    for (let i = 0; i < left.length; i++) {
      const x = a[left[i]];
      const y = b[right[i]];
      if (x === null || x === undefined || y === null || y === undefined) return NaN;
      const value = metrics[i].compare(x, y);
      if (Number.isNaN(value)) return NaN;
      worst = similarity ? Math.min(worst, value) : Math.max(worst, value);
    }
    return worst;
  };
  return { measure, similarity };
}

export function compileComparison(
  config: ComparisonConfig,
  registry: EngineRegistry,
  idf: IdfSource,
): CompiledComparison {
  const measures: Measure[] = [];
  const measureKeys: string[] = [];
  const predicates: Predicate[] = config.levels.map((level) => {
    switch (level.kind) {
      case 'null': {
        const names = config.attributes;
        return (a, b) => names.some((name) => a[name] == null || b[name] == null);
      }
      case 'exact': {
        const { left, right } = sides(level);
        return (a, b) =>
          left.every((name, i) => {
            const x = a[name];
            return x !== null && x !== undefined && x === b[right[i]];
          });
      }
      case 'metric': {
        const key = JSON.stringify([level.metric, level.metricOptions, level.attributes, level.swapped]);
        let index = measureKeys.indexOf(key);
        const { measure, similarity } = compileMeasure(level, registry, idf);
        if (index < 0) {
          index = measures.push(measure) - 1;
          measureKeys.push(key);
        }
        const threshold = level.threshold ?? 0;
        const slot = index;
        return (a, b, measured) => {
          if (Number.isNaN(measured[slot])) measured[slot] = measures[slot](a, b);
          const value = measured[slot];
          return similarity ? value >= threshold : value <= threshold;
        };
      }
      case 'else':
        return () => true;
    }
  });
  const measured = new Float64Array(measures.length);
  return {
    config,
    level(a, b) {
      measured.fill(NaN);
      for (let l = 0; l < predicates.length; l++) {
        if (predicates[l](a, b, measured)) return l;
      }
      return predicates.length - 1;
    },
  };
}
