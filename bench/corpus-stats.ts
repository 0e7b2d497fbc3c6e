/**
 * Corpus statistics in the service: `npm run bench:stats -- [--dataset amazon_google | --generate
 * product --records N]`. Loads the records into a fresh database through the ingestion service (in
 * process, batches of 500, as `joinery load` does), measures the accuracy of the served partition,
 * refreshes the type's corpus statistics (StatsRefreshService.refresh: count, then the roll-out
 * job), and measures again. Prints the cost of each phase (records/s, CPU of this process) and the
 * F1 before (no statistics: every token weighs 1) and after. Environment: BENCH_DATABASE_URL.
 */
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppModule } from '../src/app.module';
import { StatsRefreshService } from '../src/features/reevaluation/corpus-stats/stats-refresh.service';
import { runMigrations } from '../src/platform/database/migrate';
import { pairwiseAccuracy, SyntheticDataset, type EntityType } from '../src/cli/generator';
import { resolvedPartition } from '../src/cli/generator/resolved-partition';
import { IngestionService } from '../src/core/ingestion/ingestion.service';
import { loadAmazonGoogle } from './datasets';
import { createDatabase, log, machine, PostgresCpu, REPO } from './ingest-env';

const BATCH = 500;

interface Workload {
  entityType: string;
  /** Matcher config file. */
  config: string;
  events: Array<Record<string, unknown>>;
  /** Record key (`domain:entityType:sourceId`) → true entity. */
  truth: Map<string, string>;
  /** Linkage: only pairs across domains count (the engine bench's measure). */
  crossDomainOnly: boolean;
}

function amazonGoogle(): Workload {
  const dataset = loadAmazonGoogle();
  const key = (i: number) => `${dataset.records[i].domain}:product:${dataset.records[i].id}`;
  // Entities: the true pairs' connected components (union-find), every other record alone.
  const parent = dataset.records.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  for (const [i, j] of dataset.truePairs) parent[root(i)] = root(j);
  return {
    entityType: 'product',
    config: path.join(REPO, 'bench/matchers/amazon_google.yaml'),
    events: dataset.records.map((r) => ({
      eventId: `bench:${r.domain}:${r.id}`,
      domain: r.domain,
      entityType: 'product',
      sourceId: r.id,
      op: 'upsert',
      occurredAt: '2026-01-01T00:00:00Z',
      attributes: r.attributes,
    })),
    truth: new Map(dataset.records.map((_, i) => [key(i), key(root(i))])),
    crossDomainOnly: true,
  };
}

function generated(type: EntityType, records: number): Workload {
  const dataset = new SyntheticDataset({ entityType: type, records, domains: 3, seed: 1 });
  return {
    entityType: type,
    config: path.join(REPO, `matchers/${type}.yaml`),
    events: [...dataset.events()].map((e) => ({ ...e })),
    truth: new Map([...dataset.truth()].map((t) => [t.sourceKey, t.entityId])),
    crossDomainOnly: false,
  };
}

/** Pairwise accuracy of the served partition; for a linkage, over pairs across domains only. */
async function accuracy(
  url: string,
  w: Workload,
): Promise<{ precision: number; recall: number; f1: number }> {
  const predicted: Array<readonly [string, string]> = [];
  for await (const row of resolvedPartition(url, [w.entityType])) predicted.push(row);
  if (!w.crossDomainOnly) return pairwiseAccuracy(w.truth, predicted);
  const domain = (key: string) => key.slice(0, key.indexOf(':'));
  const pairs = (groups: Map<string, string[]>): Set<string> => {
    const out = new Set<string>();
    for (const members of groups.values())
      for (const a of members)
        for (const b of members) if (a < b && domain(a) !== domain(b)) out.add(`${a}|${b}`);
    return out;
  };
  const group = (entries: Iterable<readonly [string, string]>) => {
    const groups = new Map<string, string[]>();
    for (const [key, g] of entries) groups.set(g, [...(groups.get(g) ?? []), key]);
    return groups;
  };
  const truePairs = pairs(group(w.truth));
  const found = pairs(group(predicted));
  const tp = [...found].filter((p) => truePairs.has(p)).length;
  const precision = found.size === 0 ? 1 : tp / found.size;
  const recall = tp / truePairs.size;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall || 1) };
}

interface Cost {
  seconds: number;
  /** CPU seconds of this process and of the database's PostgreSQL backends. */
  node: number;
  pg: number;
}

/** Wall time and CPU (this process, the database's backends) of one phase. */
async function measured<T>(url: string, work: () => Promise<T>): Promise<[T, Cost]> {
  const pg = new PostgresCpu(url);
  await pg.start();
  const began = Date.now();
  const cpu = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(cpu);
  const seconds = (Date.now() - began) / 1000;
  const pgSeconds = await pg.stop();
  return [result, { seconds, node: (used.user + used.system) / 1e6, pg: pgSeconds }];
}

/** Wall time depends on what else runs on the machine; CPU per record is the figure to compare. */
const describeCost = (c: Cost, n: number): string =>
  `${c.seconds.toFixed(1)} s wall (${Math.round(n / c.seconds)} records/s here), CPU ${((c.node * 1000) / n).toFixed(2)} ms/record node + ${((c.pg * 1000) / n).toFixed(2)} ms/record PostgreSQL`;
const f = (x: number) => x.toFixed(4);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string', default: 'amazon_google' },
      generate: { type: 'string' },
      records: { type: 'string', default: '20000' },
    },
  });
  const w = values.generate
    ? generated(values.generate as EntityType, Number(values.records))
    : values.dataset === 'amazon_google'
      ? amazonGoogle()
      : null;
  if (!w) throw new Error('--dataset amazon_google, or --generate customer|account|product --records N');
  const db = await createDatabase('joinery_bench_stats');
  const matchers = mkdtempSync(path.join(tmpdir(), 'joinery-bench-stats-'));
  cpSync(w.config, path.join(matchers, `${w.entityType}.yaml`));
  Object.assign(process.env, { MATCHERS_DIR: matchers, CORPUS_STATS_GROWTH_FACTOR: '0', LOG_LEVEL: 'warn' });
  let app: INestApplicationContext | undefined;
  try {
    await runMigrations(db.url);
    app = await NestFactory.createApplicationContext(
      AppModule.forRoot({ databaseUrl: db.url, consumers: false, quietLogs: true }),
      { logger: ['error', 'warn'] },
    );
    log(`${machine()}; ${w.events.length} ${w.entityType} records from ${path.relative(REPO, w.config)}`);
    const ingestion = app.get(IngestionService);
    const [, load] = await measured(db.url, async () => {
      for (let i = 0; i < w.events.length; i += BATCH)
        await ingestion.ingestUntrusted(w.events.slice(i, i + BATCH));
    });
    const before = await accuracy(db.url, w);
    // refresh() counts and stores the snapshot and creates the job; the roll-out runs after it.
    const [started, count] = await measured(db.url, () =>
      app!.get(StatsRefreshService).refresh(w.entityType),
    );
    const [job, rollout] = await measured(db.url, () => started.completion);
    if (job.status !== 'done') throw new Error(`roll-out job ${job.id} ${job.status}: ${job.error}`);
    const after = await accuracy(db.url, w);
    const s = started.snapshot;
    console.log(
      [
        `[stats] ${w.entityType}: ${w.events.length} events (${s.recordCount} records) loaded: ${describeCost(load, w.events.length)}`,
        `[stats] count (snapshot v${s.version}: ${s.terms} terms, ${(s.bytes / 1024).toFixed(0)} KiB): ${describeCost(count, s.recordCount)}`,
        `[stats] roll-out (${job.batches} batches, ${job.goldenEvents} golden events): ${describeCost(rollout, s.recordCount)}`,
        `[stats] served accuracy without statistics: precision=${f(before.precision)} recall=${f(before.recall)} f1=${f(before.f1)}`,
        `[stats] served accuracy with snapshot v${s.version}: precision=${f(after.precision)} recall=${f(after.recall)} f1=${f(after.f1)} (${after.f1 >= before.f1 ? '+' : ''}${(after.f1 - before.f1).toFixed(4)})`,
      ].join('\n'),
    );
  } finally {
    await app?.close();
    await db.drop();
    rmSync(matchers, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
