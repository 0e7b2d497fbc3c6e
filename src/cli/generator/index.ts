/**
 * The synthetic data generator: seeded, deterministic customers, accounts and products spread over
 * 3–5 domains with realistic noise and known truth, as change events; and the pairwise accuracy
 * of a resolved partition against that truth. Framework-free (no Nest, no TypeORM), like the
 * engine, so the CLI and the benchmarks share it.
 */
export {
  ENTITY_TYPES,
  SyntheticDataset,
  type DatasetOptions,
  type EntityType,
  type GeneratedEvent,
} from './dataset';
export { canonicalPartition, pairwiseAccuracy, type PairwiseAccuracy } from './evaluate';
export { parseTruthLine, TRUTH_HEADER, truthLine } from './truth-file';
export { Random, Zipf } from './random';
