/**
 * Accuracy benchmark: full linkage of FEBRL3 (dedupe), FEBRL4 (4a × 4b) and Amazon × GoogleProducts
 * with the user-style configs in bench/matchers/, plus EM-trained weights against the hand-set ones
 * and the engine's scoring throughput on one core. `npm run bench:accuracy`.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  compileMatcher,
  loadMatcherConfig,
  trainMatcher,
  writeWeightsFile,
  type MatcherConfig,
  type TrainOptions,
  type TrainedWeights,
} from '../src/engine';
import { loadAmazonGoogle, loadFebrl3, loadFebrl4, type BenchDataset } from './datasets';
import { evaluate, fixed, formatLine, type Evaluation } from './evaluate';

const MATCHERS = process.env.JOINERY_BENCH_MATCHERS ?? resolve(__dirname, '../..', 'bench/matchers');

/** EM without labels from level-order defaults; weights go through the weights file and the loader. */
function trainedConfig(
  dataset: BenchDataset,
  options: TrainOptions = {},
): { config: MatcherConfig; seconds: number; weights: TrainedWeights } {
  const untrained = loadMatcherConfig(MATCHERS, dataset.entityType, { requireWeights: false });
  const started = Date.now();
  const weights = trainMatcher(
    untrained,
    dataset.records.map((record) => record.attributes),
    {
      domains: dataset.records.map((record) => record.domain),
      crossDomainOnly: dataset.crossDomainOnly,
      init: 'default',
      ...options,
    },
  );
  const seconds = (Date.now() - started) / 1000;
  const dir = mkdtempSync(join(tmpdir(), 'joinery-em-'));
  try {
    cpSync(join(MATCHERS, `${dataset.entityType}.yaml`), join(dir, `${dataset.entityType}.yaml`));
    writeWeightsFile(dir, weights);
    return { config: loadMatcherConfig(dir, dataset.entityType), seconds, weights };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One EM figure against the hand-set F1: the sessions run, the prior found and the true one. */
function emNote(
  dataset: BenchDataset,
  label: string,
  handSet: Evaluation,
  options: TrainOptions = {},
): string {
  const { config, seconds, weights } = trainedConfig(dataset, options);
  const trained = evaluate(dataset, config);
  const sessions = weights.sessions
    .map((s) => `${s.rule}:${s.iterations}${s.converged ? '' : '!'}`)
    .join(',');
  const space = dataset.crossDomainOnly
    ? dataset.records.filter((r) => r.domain === dataset.records[0].domain).length *
      dataset.records.filter((r) => r.domain !== dataset.records[0].domain).length
    : (dataset.records.length * (dataset.records.length - 1)) / 2;
  return (
    `  ${dataset.name} ${label}: f1=${fixed(trained.f1)} (precision=${fixed(trained.precision)} recall=${fixed(trained.recall)}) ` +
    `hand_set_f1=${fixed(handSet.f1)} delta=${fixed(trained.f1 - handSet.f1)} ` +
    `prior=${weights.prior.toExponential(2)} true_prior=${(dataset.truePairs.length / space).toExponential(2)} ` +
    `iterations=${weights.iterations} converged=${weights.converged} sessions=${sessions} ` +
    `train_seconds=${seconds.toFixed(1)}`
  );
}

/** compare() with its explanation, the call the service makes per candidate, on the scored pairs. */
function compareThroughput(dataset: BenchDataset, config: MatcherConfig, evaluation: Evaluation): number {
  const matcher = compileMatcher(config);
  const prepared = dataset.records.map((record) => matcher.prepare(record.attributes));
  const pairs =
    evaluation.result.candidates.length > 0 ? evaluation.result.candidates : [{ i: 0, j: 1, key: '' }];
  const rounds = Math.max(1, Math.ceil(200_000 / pairs.length));
  const started = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++)
    for (const { i, j, key } of pairs) matcher.compare(prepared[i], prepared[j], { blockingKey: key });
  return (rounds * pairs.length) / (Number(process.hrtime.bigint() - started) / 1e9);
}

function main(): void {
  const only = process.argv.slice(2);
  const loaders = [loadFebrl3, loadFebrl4, loadAmazonGoogle];
  const notes: string[] = [];
  for (const load of loaders) {
    const dataset = load();
    if (only.length > 0 && !only.includes(dataset.name)) continue;
    const config = loadMatcherConfig(MATCHERS, dataset.entityType);
    const handSet = evaluate(dataset, config);
    console.log(formatLine(dataset.name, handSet));
    notes.push(
      `  ${dataset.name}: links=${handSet.predicted} skipped_keys=${handSet.skippedKeys} ` +
        `score_pairs_per_sec=${Math.round(handSet.pairsPerSecond)} ` +
        `compare_pairs_per_sec=${Math.round(compareThroughput(dataset, config, handSet))}`,
    );
    notes.push(emNote(dataset, 'em', handSet));
    if (config.clustering.bestMatchOnly || config.clustering.onePerDomain) {
      // What the competing-candidates E-step and the per-rule sessions bring: the plain EM.
      notes.push(emNote(dataset, 'em_plain', handSet, { compete: false, sessions: 'combined' }));
    }
  }
  console.log('details (one process, one core):');
  notes.forEach((note) => console.log(note));
}

main();
