/**
 * `<entityType>.weights.yaml`: trained m/u and prior saved next to the matcher config. The loader
 * merges it over the config (matcher-config.loader.ts); `applyWeights` does the same in memory.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { MatcherConfig } from '../config/matcher-config.types';
import type { RawWeightsFile } from '../config/matcher-config.raw';
import type { TrainedWeights } from './em';

const precise = (value: number): number => Number(value.toPrecision(6));

export function weightsToYaml(weights: TrainedWeights, trainedAt: Date = new Date()): string {
  const file: RawWeightsFile = {
    entity_type: weights.entityType,
    trained_at: trainedAt.toISOString(),
    prior: precise(weights.prior),
    iterations: weights.iterations,
    converged: weights.converged,
    records: weights.records,
    comparisons: Object.fromEntries(
      weights.comparisons.map(({ name, levels }) => [
        name,
        levels.map((level) =>
          level ? { label: level.label, m: precise(level.m), u: precise(level.u) } : null,
        ),
      ]),
    ),
  };
  return `# Trained by the Joinery EM estimator; delete this file to fall back to the m/u in ${weights.entityType}.yaml.\n${stringify(file)}`;
}

/** Writes `<dir>/<entityType>.weights.yaml` and returns its path. */
export function writeWeightsFile(dir: string, weights: TrainedWeights, trainedAt?: Date): string {
  const path = join(dir, `${weights.entityType}.weights.yaml`);
  writeFileSync(path, weightsToYaml(weights, trainedAt));
  return path;
}

/** The config with trained m/u and prior (what loading it next to its weights file yields). */
export function applyWeights(config: MatcherConfig, weights: TrainedWeights): MatcherConfig {
  const byName = new Map(weights.comparisons.map((comparison) => [comparison.name, comparison.levels]));
  return {
    ...config,
    prior: weights.prior,
    trained: true,
    comparisons: config.comparisons.map((comparison) => {
      const levels = byName.get(comparison.name);
      return {
        ...comparison,
        levels: comparison.levels.map((level, l) => {
          const trained = levels?.[l];
          return trained ? { ...level, m: trained.m, u: trained.u } : level;
        }),
      };
    }),
  };
}
