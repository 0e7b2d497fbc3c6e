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
  const precision = result.links.length === 0 ? 0 : truePositives / result.links.length;
  const recall = truePositives / dataset.truePairs.length;
  return {
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    blockingRecall: blocked / dataset.truePairs.length,
    pairsScored: result.pairsScored,
    skippedKeys: result.index.skipped.size,
    predicted: result.links.length,
    pairsPerSecond: result.pairsScored / Math.max(result.scoringSeconds, 1e-9),
    result,
  };
}

export const fixed = (value: number, digits = 4): string => value.toFixed(digits);

export function formatLine(name: string, e: Evaluation): string {
  return (
    `${name} precision=${fixed(e.precision)} recall=${fixed(e.recall)} f1=${fixed(e.f1)} ` +
    `blocking_recall=${fixed(e.blockingRecall)} pairs_scored=${e.pairsScored}`
  );
}
