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
  /** Pairs of records sharing a cluster, and those of them within one domain. */
  readonly predicted: number;
  readonly sameDomain: number;
  readonly clusters: number;
}

/**
 * Scores a clustering (a cluster label per record, by index) pairwise against all true pairs: every
 * pair of records in one cluster is a predicted match, whatever their domains.
 */
export function scoreClusters(dataset: BenchDataset, labels: readonly string[]): ClusterScore {
  const members = new Map<string, number[]>();
  labels.forEach((label, i) => members.set(label, [...(members.get(label) ?? []), i]));
  let predicted = 0;
  let sameDomain = 0;
  for (const group of members.values()) {
    predicted += (group.length * (group.length - 1)) / 2;
    const byDomain = new Map<string, number>();
    for (const i of group)
      byDomain.set(dataset.records[i].domain, (byDomain.get(dataset.records[i].domain) ?? 0) + 1);
    for (const n of byDomain.values()) sameDomain += (n * (n - 1)) / 2;
  }
  const truePositives = dataset.truePairs.filter(([i, j]) => labels[i] === labels[j]).length;
  return {
    ...pairwise(truePositives, predicted, dataset.truePairs.length),
    predicted,
    sameDomain,
    clusters: members.size,
  };
}

export const fixed = (value: number, digits = 4): string => value.toFixed(digits);

export function formatLine(name: string, e: Evaluation): string {
  return (
    `${name} precision=${fixed(e.precision)} recall=${fixed(e.recall)} f1=${fixed(e.f1)} ` +
    `blocking_recall=${fixed(e.blockingRecall)} pairs_scored=${e.pairsScored}`
  );
}
