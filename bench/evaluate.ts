/**
 * Runs one dataset through the engine exactly as configured (blocking with the skew guard, scoring,
 * clustering options) and measures it pairwise against all true pairs: a true pair lost by blocking
 * is a false negative.
 */
import {
  compileMatcher,
  InMemoryCorpusStats,
  linkRecords,
  shareBlock,
  type LinkageResult,
  type MatcherConfig,
} from '../src/engine';
import type { BenchDataset } from './datasets';

export interface Evaluation {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly blockingRecall: number;
  readonly pairsScored: number;
  readonly skippedKeys: number;
  readonly predicted: number;
  readonly pairsPerSecond: number;
  readonly result: LinkageResult;
}

export function evaluate(dataset: BenchDataset, config: MatcherConfig): Evaluation {
  const stats = new InMemoryCorpusStats();
  const matcher = compileMatcher(config, { stats });
  const prepared = dataset.records.map((record) => matcher.prepare(record.attributes));
  prepared.forEach((record) => stats.add(matcher.statTerms(record)));
  const result = linkRecords(matcher, prepared, {
    domains: dataset.records.map((record) => record.domain),
    crossDomainOnly: dataset.crossDomainOnly,
  });
  const truePositives = result.links.filter(({ i, j }) => dataset.isMatch(i, j)).length;
  const blocked = dataset.truePairs.filter(([i, j]) => shareBlock(result.index, i, j)).length;
  return {
    ...pairwise(truePositives, result.links.length, dataset.truePairs.length),
    blockingRecall: blocked / dataset.truePairs.length,
    pairsScored: result.pairsScored,
    skippedKeys: result.index.skipped.size,
    predicted: result.links.length,
    pairsPerSecond: result.pairsScored / Math.max(result.scoringSeconds, 1e-9),
    result,
  };
}

export interface PairwiseScore {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** Pairwise precision, recall and F1 from the true positives among the predicted pairs. */
export function pairwise(truePositives: number, predicted: number, truePairs: number): PairwiseScore {
  const precision = predicted === 0 ? 0 : truePositives / predicted;
  const recall = truePairs === 0 ? 0 : truePositives / truePairs;
  return {
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}

export interface ClusterScore extends PairwiseScore {
  /** The pairs scored: of records sharing a cluster, across domains only for a linkage dataset. */
  readonly predicted: number;
  /** Pairs sharing a cluster within one domain (never scored by the linkage figure). */
  readonly sameDomain: number;
  readonly clusters: number;
  /**
   * Every pair sharing a cluster, whatever its domains, against the truth's transitive closure (two
   * Google listings of the product one Amazon listing matches are the same product): the view of a
   * consumer of the crosswalk. The same as the headline for deduplication.
   */
  readonly allPairs: PairwiseScore;
}

const choose2 = (n: number): number => (n * (n - 1)) / 2;

/** Pairs of positions sharing a key. */
function pairsSharing(keys: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  let pairs = 0;
  for (const n of counts.values()) pairs += choose2(n);
  return pairs;
}

/** The true entity of every record: the connected components of the true pairs (union-find). */
function truthEntities(dataset: BenchDataset): string[] {
  const parent = dataset.records.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (const [i, j] of dataset.truePairs) parent[root(i)] = root(j);
  return parent.map((_, i) => String(root(i)));
}

/**
 * Scores a clustering (a cluster label per record, by index) pairwise against the true pairs. For a
 * linkage dataset the pairs within one domain are left out, as the ground truth labels only pairs
 * across domains (and the batch linker only proposes those); allPairs counts them too.
 */
export function scoreClusters(dataset: BenchDataset, labels: readonly string[]): ClusterScore {
  const predicted = pairsSharing(labels);
  const sameDomain = pairsSharing(labels.map((label, i) => `${label}\u0000${dataset.records[i].domain}`));
  const truePositives = dataset.truePairs.filter(([i, j]) => labels[i] === labels[j]).length;
  const entities = truthEntities(dataset);
  const scored = dataset.crossDomainOnly ? predicted - sameDomain : predicted;
  return {
    ...pairwise(truePositives, scored, dataset.truePairs.length),
    predicted: scored,
    sameDomain,
    clusters: new Set(labels).size,
    allPairs: pairwise(
      pairsSharing(labels.map((label, i) => `${label}\u0000${entities[i]}`)),
      predicted,
      pairsSharing(entities),
    ),
  };
}

export const fixed = (value: number, digits = 4): string => value.toFixed(digits);

export function formatLine(name: string, e: Evaluation): string {
  return (
    `${name} precision=${fixed(e.precision)} recall=${fixed(e.recall)} f1=${fixed(e.f1)} ` +
    `blocking_recall=${fixed(e.blockingRecall)} pairs_scored=${e.pairsScored}`
  );
}
