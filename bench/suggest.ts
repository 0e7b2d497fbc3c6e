/**
 * Accuracy of what a new user gets without writing a config: the `suggest` config of each dataset
 * (profiled from the dataset itself, untouched), the same config after EM training, and the
 * schema-agnostic preset; plus the bench's hand-written configs trained by EM with and without the
 * m bounds. `npm run bench:suggest -- [dataset...] [--records N]` (FEBRL3, FEBRL4, Amazon–Google;
 * `--records N`: each dataset's first N records with their truth groups). Each dataset's sources are
 * given as `suggest` takes them from several files (FEBRL4: 4a, 4b; Amazon, Google), so the linkage
 * is the one the sample's matches decide (`SUGGEST_LINKAGE=across_domains` as `--linkage`).
 *
 * Figures are batch linkage with corpus statistics (as bench:accuracy's batch-only figure) and, as
 * `service_f1`, without them (a matcher compiled without statistics: every token weighs 1).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  applyWeights,
  compileMatcher,
  linkRecords,
  loadMatcherConfig,
  parseMatcherConfig,
  suggestConfig,
  trainMatcher,
  type MatcherConfig,
  type TrainOptions,
} from '../src/engine';
import { loadAmazonGoogle, loadFebrl3, loadFebrl4, sampleDataset, type BenchDataset } from './datasets';
import { evaluate, fixed } from './evaluate';
import { DEFAULT_MATCHERS as MATCHERS } from './served/accuracy';

function trained(dataset: BenchDataset, config: MatcherConfig, options: TrainOptions = {}): MatcherConfig {
  const weights = trainMatcher(
    config,
    dataset.records.map((record) => record.attributes),
    {
      domains: dataset.records.map((record) => record.domain),
      crossDomainOnly: dataset.crossDomainOnly,
      ...options,
    },
  );
  return applyWeights(config, weights);
}

/** F1 scored as the service scores: no corpus statistics. */
function serviceF1(dataset: BenchDataset, config: MatcherConfig): number {
  const matcher = compileMatcher(config);
  const prepared = dataset.records.map((record) => matcher.prepare(record.attributes));
  const { links } = linkRecords(matcher, prepared, {
    domains: dataset.records.map((record) => record.domain),
    crossDomainOnly: dataset.crossDomainOnly,
  });
  const tp = links.filter(({ i, j }) => dataset.isMatch(i, j)).length;
  const precision = links.length === 0 ? 0 : tp / links.length;
  const recall = tp / dataset.truePairs.length;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function line(dataset: BenchDataset, label: string, config: MatcherConfig, service = true): string {
  const e = evaluate(dataset, config);
  return (
    `${dataset.name.padEnd(14)} ${label.padEnd(28)} precision=${fixed(e.precision)} recall=${fixed(e.recall)} ` +
    `f1=${fixed(e.f1)} blocking_recall=${fixed(e.blockingRecall)}` +
    (service ? ` service_f1=${fixed(serviceF1(dataset, config))}` : '')
  );
}

function main(): void {
  const { values, positionals: only } = parseArgs({
    allowPositionals: true,
    options: { records: { type: 'string' } },
  });
  const size = values.records === undefined ? undefined : Number(values.records);
  if (size !== undefined && !(size >= 2))
    throw new Error(`--records takes a number of records, not ${values.records}`);
  const datasets = [loadFebrl3, loadFebrl4, loadAmazonGoogle]
    .map((load) => load())
    .filter((d) => only.length === 0 || only.includes(d.name))
    .map((d) => (size === undefined ? d : sampleDataset(d, size)));
  for (const dataset of datasets) {
    const records = dataset.records.map((record) => record.attributes);
    const variants = process.env.SUGGEST_WRITE ? [true] : [true, false];
    for (const corpusStats of variants) {
      const started = Date.now();
      // The sources as `suggest a.csv b.csv` (or --domain-column) gives them: one domain per file.
      const domains = dataset.records.map((record) => record.domain);
      const suggestion = suggestConfig(dataset.entityType, records, {
        corpusStats,
        domains,
        // SUGGEST_LINKAGE=across_domains: as `suggest --linkage across_domains` (default auto).
        linkage: (process.env.SUGGEST_LINKAGE as 'auto' | 'dedupe' | 'across_domains' | undefined) ?? 'auto',
      });
      const seconds = (Date.now() - started) / 1000;
      const config = parseMatcherConfig(suggestion.yaml, `${dataset.entityType}.yaml`);
      const label = `suggest (${corpusStats ? 'IDF' : 'no IDF'}${suggestion.trained ? '' : ', EM fallback'})`;
      const e = evaluate(dataset, config);
      const service = serviceF1(dataset, config);
      console.log(
        `${dataset.name.padEnd(14)} ${label.padEnd(28)} precision=${fixed(e.precision)} recall=${fixed(e.recall)} ` +
          `f1=${fixed(e.f1)} blocking_recall=${fixed(e.blockingRecall)} service_f1=${fixed(service)} ` +
          `suggest_seconds=${seconds.toFixed(1)} linkage=${suggestion.config.linkage ?? 'dedupe'}` +
          `${suggestion.config.clustering?.one_per_domain ? '+one_per_domain' : ''}`,
      );
      suggestion.sources?.reason.forEach((reason) => console.log(`  ${reason}`));
      if (process.env.SUGGEST_PRINT) console.log(suggestion.yaml);
      // SUGGEST_WRITE=dir: the untouched configs as `suggest` writes them, for bench:accuracy's served run.
      if (process.env.SUGGEST_WRITE && corpusStats)
        writeFileSync(join(process.env.SUGGEST_WRITE, `${dataset.entityType}.yaml`), suggestion.yaml);
    }
    if (process.env.SUGGEST_WRITE) continue;
    const preset = parseMatcherConfig('preset: schema-agnostic\n', `${dataset.entityType}.yaml`);
    console.log(line(dataset, 'preset schema-agnostic', preset));
    console.log(line(dataset, 'preset + EM', trained(dataset, preset)));
    if (process.env.SUGGEST_ONLY) continue;
    const hand = loadMatcherConfig(MATCHERS, dataset.entityType, { requireWeights: false });
    console.log(line(dataset, 'hand-set', hand, false));
    console.log(line(dataset, 'hand + EM (bounded)', trained(dataset, hand), false));
    console.log(line(dataset, 'hand + EM (unbounded)', trained(dataset, hand, { bounded: false }), false));
  }
}

main();
