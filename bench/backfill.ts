/**
 * Backfill benchmark: `npm run bench:backfill -- [options]`. On a fresh database, N generated records
 * backfilled from empty (BackfillService, as `npm run joinery -- backfill` runs it): records/s end to
 * end (generation and validation of the events included, then fold, resolve, COPY, commit), and the
 * process's peak RSS. Then, unless --skip-incremental, the same events through the incremental path
 * (IngestionService in batches of --batch, as `npm run joinery -- load` does) on another fresh
 * database, and the comparison: partition fingerprints, pairs in one partition but not the other,
 * match edges, review items, and a check that golden event versions are gap-free.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { parseArgs } from 'node:util';
import { AppModule } from '../src/app.module';
import { BackfillService } from '../src/core/backfill/backfill.service';
import { runMigrations } from '../src/platform/database/migrate';
import { ENTITY_TYPES, pairwiseAccuracy, SyntheticDataset, type EntityType } from '../src/cli/generator';
import { partitionFingerprint, resolvedPartition } from '../src/cli/generator/resolved-partition';
import type { ChangeEvent } from '../src/core/ingestion/change-event.dto';
import { ChangeEventValidator } from '../src/core/ingestion/change-event.validator';
import { IngestionService } from '../src/core/ingestion/ingestion.service';
import { rawCopy } from './backfill-raw';
import { createDatabase, log, machine, PostgresCpu, sql, type BenchDatabase } from './ingest-env';

const USAGE = `npm run bench:backfill -- [--records 20000] [--type customer] [--domains 4] [--seed 1] [--batch 500]
    [--skip-incremental] [--keep] [--raw]
--raw: then the raw limit, PostgreSQL copying the backfilled rows into a fresh database with COPY and nothing else.
Environment: BENCH_DATABASE_URL (admin URL of the PostgreSQL server; default postgres://postgres@127.0.0.1:5432/postgres).`;

export function options(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      records: { type: 'string', default: '20000' },
      type: { type: 'string', default: 'customer' },
      domains: { type: 'string', default: '4' },
      seed: { type: 'string', default: '1' },
      batch: { type: 'string', default: '500' },
      'skip-incremental': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      raw: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!(ENTITY_TYPES as readonly string[]).includes(values.type))
    throw new Error(`--type: one of ${ENTITY_TYPES.join(', ')}`);
  return {
    records: Number(values.records),
    type: values.type as EntityType,
    domains: Number(values.domains),
    seed: Number(values.seed),
    batch: Number(values.batch),
    incremental: !values['skip-incremental'],
    keep: values.keep,
    raw: values.raw,
  };
}

async function appOn(url: string): Promise<INestApplicationContext> {
  await runMigrations(url);
  return NestFactory.createApplicationContext(AppModule.forRoot({ databaseUrl: url, consumers: false }), {
    logger: ['error', 'warn'],
  });
}

/** The dataset's upserts as validated events, generated lazily (a million never sit in memory twice). */
function* events(dataset: SyntheticDataset, validator: ChangeEventValidator): Generator<ChangeEvent> {
  for (let p = 0; p < dataset.records; p++) {
    const v = validator.validate(dataset.upsert(p));
    if (!v.ok) throw new Error(`generated event ${p} is invalid: ${JSON.stringify(v.error.problems)}`);
    yield v.event;
  }
}

/** Peak RSS while `work` runs, sampled every 50 ms (and the kernel's high-water mark for the process). */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakMb: peak / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

async function storeFigures(url: string) {
  const [row] = await sql<Record<string, string>>(
    url,
    `SELECT (SELECT count(*) FROM match_edges)::text AS edges,
            (SELECT count(*) FROM review_items WHERE status = 'open')::text AS reviews,
            (SELECT count(*) FROM golden_entities WHERE status = 'active')::text AS goldens,
            (SELECT count(*) FROM golden_outbox)::text AS events,
            (SELECT count(*) FROM blocking_keys)::text AS keys,
            (SELECT count(*) FROM (SELECT version, row_number() OVER (PARTITION BY golden_id ORDER BY id) AS n
                                     FROM golden_outbox) v WHERE v.version <> v.n)::text AS gaps`,
  );
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

async function partitionOf(url: string, type: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const [key, golden] of resolvedPartition(url, [type])) out.set(key, golden);
  return out;
}

export type BackfillBenchOptions = ReturnType<typeof options>;

/** The whole bench; the lines it prints go to `out` (the smoke test reads them). */
export async function benchBackfill(
  o: BackfillBenchOptions,
  out: (line: string) => void = (line) => console.log(line),
): Promise<void> {
  const dataset = new SyntheticDataset({
    entityType: o.type,
    records: o.records,
    domains: o.domains,
    seed: o.seed,
  });
  const dbs: BenchDatabase[] = [];
  try {
    log(`backfill of ${o.records} ${o.type} records (batch ${o.batch}) on a fresh database`);
    const backfillDb = await createDatabase('joinery_backfill');
    dbs.push(backfillDb);
    const app = await appOn(backfillDb.url);
    const pgCpu = new PostgresCpu(backfillDb.url);
    await pgCpu.start();
    const cpu = process.cpuUsage();
    const started = Date.now();
    const { result: report, peakMb } = await withPeakRss(() =>
      app
        .get(BackfillService)
        .backfill(o.type, events(dataset, app.get(ChangeEventValidator)), { batchSize: o.batch }),
    );
    const seconds = (Date.now() - started) / 1000;
    const nodeCpu = cpuMs(process.cpuUsage(cpu)) / o.records;
    const pgCpuMs = ((await pgCpu.stop()) * 1000) / o.records;
    await app.close();
    const maxRss = process.resourceUsage().maxRSS / 1024;
    out(`\n## Backfill: ${o.records} ${o.type} records from an empty store (${machine()})`);
    out(`records/s end to end: ${Math.round(o.records / seconds)} (${seconds.toFixed(1)} s)`);
    out(
      `CPU per record: ${nodeCpu.toFixed(3)} ms in Node, ${pgCpuMs.toFixed(3)} ms in PostgreSQL (the phases run one after the other: ${Math.round(1000 / (nodeCpu + pgCpuMs))} records/s if nothing else used the machine)`,
    );
    out(
      `phases (one transaction): generate, validate, fold and copy the records ${report.seconds.fold.toFixed(1)} s, block and score ${report.seconds.plan.toFixed(1)} s, resolve and write the golden entities ${report.seconds.write.toFixed(1)} s`,
    );
    out(
      `steps (s): ${Object.entries(report.writeSteps)
        .map(([k, v]) => `${k} ${v.toFixed(1)}`)
        .join(', ')}`,
    );
    out(
      `peak RSS: ${peakMb.toFixed(0)} MB sampled, ${maxRss.toFixed(0)} MB high-water mark (whole bench process)`,
    );
    out(
      `wrote ${report.liveRecords} records, ${report.edges} edges (${report.pairsScored} pairs scored, ${report.cappedKeys} blocks over their cap), ${report.goldens} golden entities, ${report.events} events, ${report.reviewItems} review items`,
    );
    const backfilled = await storeFigures(backfillDb.url);
    out(`golden event version gaps: ${backfilled.gaps}`);
    const truthMap = new Map<string, string>();
    for (let p = 0; p < o.records; p++) truthMap.set(dataset.sourceKey(p), dataset.entityId(p));
    const backfillPartition = await partitionOf(backfillDb.url, o.type);
    const vsTruth = pairwiseAccuracy(truthMap, backfillPartition);
    out(`accuracy against the generator's truth: F1 ${vsTruth.f1.toFixed(4)}`);
    if (o.raw) {
      log('the raw limit: the same rows copied into a fresh database, COPY to COPY, one transaction');
      const raw = await rawCopy(backfillDb.url);
      out(`\n## Raw limit: PostgreSQL writing the backfill's ${raw.rows} rows, nothing else`);
      out(
        `records/s: ${Math.round(o.records / raw.seconds)} (${raw.seconds.toFixed(1)} s); PostgreSQL CPU per record ${((raw.pgCpuSeconds * 1000) / o.records).toFixed(3)} ms (the backfill: ${pgCpuMs.toFixed(3)} ms, and ${nodeCpu.toFixed(3)} ms in Node)`,
      );
      out(
        `tables (s): ${raw.tables.map((t) => `${t.table} ${t.rows} rows ${t.seconds.toFixed(1)}`).join(', ')}`,
      );
    }
    if (!o.incremental) return;

    log(`the same records through the incremental path (IngestionService, batches of ${o.batch})`);
    const incrementalDb = await createDatabase('joinery_incremental');
    dbs.push(incrementalDb);
    const app2 = await appOn(incrementalDb.url);
    const ingestion = app2.get(IngestionService);
    const pgCpu2 = new PostgresCpu(incrementalDb.url);
    await pgCpu2.start();
    const cpu2 = process.cpuUsage();
    const began = Date.now();
    let batch: ChangeEvent[] = [];
    for (const event of events(dataset, app2.get(ChangeEventValidator))) {
      batch.push(event);
      if (batch.length === o.batch) {
        await ingestion.ingest(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await ingestion.ingest(batch);
    const incrementalSeconds = (Date.now() - began) / 1000;
    const nodeCpu2 = cpuMs(process.cpuUsage(cpu2)) / o.records;
    const pgCpuMs2 = ((await pgCpu2.stop()) * 1000) / o.records;
    await app2.close();
    const incremental = await storeFigures(incrementalDb.url);
    const [fa, fb] = await Promise.all([
      partitionFingerprint(backfillDb.url),
      partitionFingerprint(incrementalDb.url),
    ]);
    const same = pairwiseAccuracy(await partitionOf(incrementalDb.url, o.type), backfillPartition);
    const differing = same.predictedPairs - same.truePositives + (same.truePairs - same.truePositives);
    out(`\n## Backfill vs incremental on the same ${o.records} records`);
    out(
      `incremental: ${Math.round(o.records / incrementalSeconds)} records/s (${incrementalSeconds.toFixed(1)} s); CPU per record ${nodeCpu2.toFixed(3)} ms in Node, ${pgCpuMs2.toFixed(3)} ms in PostgreSQL`,
    );
    out(
      `fingerprint backfill ${fa.md5} (${fa.entities} entities), incremental ${fb.md5} (${fb.entities} entities): ${fa.md5 === fb.md5 ? 'identical' : 'DIFFERENT'}`,
    );
    out(
      `pairs: ${same.truePairs} incremental, ${same.predictedPairs} backfill, ${differing} in one but not the other (${((100 * differing) / Math.max(same.truePairs, 1)).toFixed(3)} %)`,
    );
    out(`match edges: ${backfilled.edges} backfill, ${incremental.edges} incremental`);
    out(`blocking keys: ${backfilled.keys} backfill, ${incremental.keys} incremental`);
    out(`open review items: ${backfilled.reviews} backfill, ${incremental.reviews} incremental`);
    out(
      `golden events: ${backfilled.events} backfill (created only), ${incremental.events} incremental (with its merge history); version gaps ${backfilled.gaps} / ${incremental.gaps}`,
    );
  } finally {
    if (!o.keep) await Promise.all(dbs.map((d) => d.drop()));
    else dbs.forEach((d) => log(`kept ${d.url}`));
  }
}

if (require.main === module) {
  benchBackfill(options()).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
