/**
 * The names a matcher config may use: normalizers, metrics and phonetic encoders.
 *
 * The engine's own registry merges the shared normalizer set with the extractors in `extract/`. Config
 * validation and compilation take a registry argument so tests can pass a small one.
 */
import { EXTRACTORS } from './extract';
import { METRICS } from './metrics';
import type { MetricDefinition } from './metrics/metric';
import { NORMALIZERS } from './normalizers';
import type { NormalizerDefinition } from './normalizers/normalizer';
import { PHONETIC_ENCODERS } from './phonetic';

export interface EngineRegistry {
  readonly normalizers: ReadonlyMap<string, NormalizerDefinition>;
  readonly metrics: ReadonlyMap<string, MetricDefinition>;
  readonly phonetic: ReadonlyMap<string, (value: string) => string[]>;
}

export const ENGINE_REGISTRY: EngineRegistry = {
  normalizers: new Map([...NORMALIZERS, ...EXTRACTORS]),
  metrics: METRICS,
  phonetic: PHONETIC_ENCODERS,
};
