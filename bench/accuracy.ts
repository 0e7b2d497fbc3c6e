/**
 * Accuracy benchmark, `npm run bench:accuracy -- [dataset] [--records N]`: FEBRL3 (dedupe), FEBRL4
 * (4a × 4b) and Amazon × GoogleProducts with the user-style configs in bench/matchers/. First the
 * served figure (bench/served/accuracy.ts: the records sent as events to the running service, the
 * crosswalk read back through its export), then, labelled batch-only, the engine's batch linker on
 * the same records with its scoring throughput on one core, and with --em EM-trained weights.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  compileMatcher,
  loadMatcherConfig,
  trainMatcher,
  writeWeightsFile,
  type MatcherConfig,
  type TrainOptions,
  type TrainedWeights,
} from '../src/engine';
import { loadAmazonGoogle, loadFebrl3, loadFebrl4, sampleDataset, type BenchDataset } from './datasets';
import { evaluate, fixed, formatLine, type Evaluation } from './evaluate';
import { DEFAULT_MATCHERS, measureServed, type ServedResult } from './served/accuracy';

const MATCHERS = process.env.JOINERY_BENCH_MATCHERS ?? DEFAULT_MATCHERS;

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

const USAGE = `npm run bench:accuracy -- [febrl3|febrl4|amazon_google ...] [--records N] [--batch-size N] [--no-batch] [--em]
  --records N     the first N records of each dataset, each with its truth group (smoke runs); env JOINERY_BENCH_RECORDS
  --batch-size N  events per POST /v1/events (default 500, at most 1000)
  --no-batch      only the served figures
  --em            also EM-trained weights against the hand-set ones (batch linker)
Environment: BENCH_DATABASE_URL (admin URL of the PostgreSQL server; default postgres://postgres@127.0.0.1:5432/postgres).`;

function formatServed(name: string, r: ServedResult): string {
  return (
    `${name} served precision=${fixed(r.precision)} recall=${fixed(r.recall)} f1=${fixed(r.f1)} ` +
    `records=${r.records} true_pairs=${r.truePairs} predicted_pairs=${r.predicted} golden_ids=${r.clusters} ` +
    `same_domain_pairs=${r.sameDomain} all_pairs_precision=${fixed(r.allPairs.precision)} ` +
    `all_pairs_recall=${fixed(r.allPairs.recall)} all_pairs_f1=${fixed(r.allPairs.f1)} ` +
    `load_seconds=${r.loadSeconds.toFixed(1)} load_records_per_sec=${Math.round(r.recordsPerSecond)}`
  );
}

/** The engine's batch linker beside the service, with its details: not what the service serves. */
function batchFigures(dataset: BenchDataset, em: boolean, notes: string[]): void {
  const config = loadMatcherConfig(MATCHERS, dataset.entityType);
  const handSet = evaluate(dataset, config);
  console.log(formatLine(`${dataset.name} batch-only`, handSet));
  notes.push(
    `  ${dataset.name}: links=${handSet.predicted} skipped_keys=${handSet.skippedKeys} ` +
      `score_pairs_per_sec=${Math.round(handSet.pairsPerSecond)} ` +
      `compare_pairs_per_sec=${Math.round(compareThroughput(dataset, config, handSet))}`,
  );
  if (!em) return;
  notes.push(emNote(dataset, 'em', handSet));
  if (config.clustering.bestMatchOnly || config.clustering.onePerDomain) {
    // What the competing-candidates E-step and the per-rule sessions bring: the plain EM.
    notes.push(emNote(dataset, 'em_plain', handSet, { compete: false, sessions: 'combined' }));
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      records: { type: 'string', default: process.env.JOINERY_BENCH_RECORDS },
      'batch-size': { type: 'string', default: '500' },
      'no-batch': { type: 'boolean', default: false },
      em: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const loaders = { febrl3: loadFebrl3, febrl4: loadFebrl4, amazon_google: loadAmazonGoogle };
  const unknown = positionals.filter((name) => !(name in loaders));
  if (unknown.length > 0) throw new Error(`unknown dataset ${unknown.join(', ')}:\n${USAGE}`);
  const names = positionals.length > 0 ? positionals : Object.keys(loaders);
  const records = values.records === undefined ? undefined : Number(values.records);
  console.log(
    'served = events in over REST (POST /v1/events) to the running service, crosswalk out through GET /v1/xref/export, ' +
      'scored pairwise (linkage: pairs across domains, as the ground truth labels; all_pairs: every pair sharing a golden id ' +
      "against the truth closed transitively). batch-only = the engine's batch linker beside the service (not what it serves).",
  );
  const notes: string[] = [];
  for (const name of names) {
    const full = loaders[name as keyof typeof loaders]();
    const dataset = records === undefined ? full : sampleDataset(full, records);
    const served = await measureServed(dataset, {
      matchersDir: MATCHERS,
      batchSize: Number(values['batch-size']),
      log: (line) => console.log(`  ${line}`),
    });
    console.log(formatServed(dataset.name, served));
    if (!values['no-batch']) batchFigures(dataset, values.em, notes);
  }
  if (notes.length > 0) {
    console.log('batch-only details (one process, one core):');
    notes.forEach((note) => console.log(note));
  }
}

main().catch((e: unknown) => {
  console.error(`bench:accuracy failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
