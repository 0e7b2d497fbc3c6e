/**
 * End-to-end ingestion benchmark: `npm run bench:ingest -- [options]` (builds, then runs
 * dist/bench/ingest.js). For each instance count: a fresh database and fresh 6-partition topics,
 * the service from dist/ (1..k instances in one consumer group), N synthetic change events produced
 * to Kafka; the rate is N / (last offset committed − first produce), where an offset is committed
 * only after its ingest transaction (records, resolution, outbox) committed. Then, on the loaded
 * store, the latency of a single change under a steady background load (produce → golden event on
 * the golden topic). Prints the figures, the service's peak RSS, the accuracy against the
 * generator's truth, and whether every instance count gave the identical partition.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ENTITY_TYPES, SyntheticDataset, type EntityType } from '../src/cli/generator';
import {
  createDatabase,
  createTopics,
  deleteTopics,
  enableStatements,
  ensureBroker,
  log,
  machine,
  PostgresCpu,
  median,
  serviceEnv,
  sleep,
  startService,
  topStatements,
  uniqueGroup,
  waitForGroup,
  type Broker,
  type Service,
} from './ingest-env';
import { measureLatency, type LatencyResult } from './ingest-latency';
import { kafkaConsumeRate, postgresInsertRate } from './ingest-raw';
import {
  accuracyOf,
  connectProducer,
  partitionFingerprint,
  produceAll,
  SearchLag,
  upserts,
  type SearchLagResult,
  verifyStore,
  waitForRelay,
  waitUntilConsumed,
} from './ingest-workload';

/** The services' admin key: the latency runs also write over REST. */
const BENCH_API_KEY = `bench-${randomBytes(16).toString('hex')}`;

const USAGE = `npm run bench:ingest -- [--records 100000] [--type customer] [--domains 4] [--seed 1]
    [--instances 1 | 1,2,3] [--runs 1] [--latency-seconds 20] [--latency-probes 200] [--latency-rate R | R1,R2,...]
    [--raw] [--cpu-prof DIR] [--pg-stat] [--pool-size N] [--service-env KEY=VALUE]... [--keep] [--target R] [--backlog]
--backlog: produce every event before the service starts and time from its start (boot included) to the lag's end:
  a catch-up from an empty store; with --service-env KAFKA_BACKFILL_LAG=1, in the consumer's backfill mode.
--latency-rate R1,R2: one latency run per rate, in order, on the same store (each waits for the previous one's backlog).
--target R: say whether the median rate met R records/s (bench:ingest:products: product data, target 1,000).
Environment: BENCH_DATABASE_URL (admin URL of the PostgreSQL server; default postgres://postgres@127.0.0.1:5432/postgres),
KAFKA_BROKERS (default: the broker of npm run kafka:start, started if needed).`;

interface RunResult {
  instances: number;
  run: number;
  produceSeconds: number;
  seconds: number;
  rate: number;
  goldens: number;
  events: number;
  peakRssMb: number[];
  f1: number;
  precision: number;
  recall: number;
  fingerprint: string;
  /** One per latency rate; the table shows the first. */
  latency: LatencyResult[];
  searchLag: SearchLagResult;
  statements: string[];
  /** CPU milliseconds per record during the load: the service's Node processes and their Postgres backends. */
  nodeCpuMs: number;
  pgCpuMs: number;
}

interface Options {
  records: number;
  type: EntityType;
  domains: number;
  seed: number;
  instances: number[];
  runs: number;
  latencySeconds: number;
  latencyProbes: number;
  latencyRates: number[] | null;
  raw: boolean;
  cpuProf: string | null;
  pgStat: boolean;
  poolSize: string | null;
  /** Extra settings of the service's environment (--service-env KEY=VALUE). */
  serviceEnv: Record<string, string>;
  keep: boolean;
  target: number | null;
  /** The events wait on the topic before the service starts (--backlog). */
  backlog: boolean;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '100000' },
      type: { type: 'string', default: 'customer' },
      domains: { type: 'string', default: '4' },
      seed: { type: 'string', default: '1' },
      instances: { type: 'string', default: '1' },
      runs: { type: 'string', default: '1' },
      'latency-seconds': { type: 'string', default: '20' },
      'latency-probes': { type: 'string', default: '200' },
      'latency-rate': { type: 'string' },
      raw: { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      'pg-stat': { type: 'boolean', default: false },
      'pool-size': { type: 'string' },
      'service-env': { type: 'string', multiple: true },
      keep: { type: 'boolean', default: false },
      target: { type: 'string' },
      backlog: { type: 'boolean', default: false },
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
    instances: values.instances.split(',').map(Number),
    runs: Number(values.runs),
    latencySeconds: Number(values['latency-seconds']),
    latencyProbes: Number(values['latency-probes']),
    latencyRates: values['latency-rate'] === undefined ? null : values['latency-rate'].split(',').map(Number),
    raw: values.raw,
    cpuProf: values['cpu-prof'] ? path.resolve(values['cpu-prof']) : null,
    pgStat: values['pg-stat'],
    poolSize: values['pool-size'] ?? null,
    serviceEnv: Object.fromEntries(
      (values['service-env'] ?? []).map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 1) throw new Error(`--service-env ${pair}: KEY=VALUE`);
        return [pair.slice(0, eq), pair.slice(eq + 1)];
      }),
    ),
    keep: values.keep,
    target: values.target === undefined ? null : Number(values.target),
    backlog: values.backlog,
  };
}

async function oneRun(
  o: Options,
  broker: Broker,
  dataset: SyntheticDataset,
  instances: number,
  run: number,
): Promise<RunResult> {
  const db = await createDatabase();
  const topics = await createTopics(broker.kafka, 'joinery-bench');
  const group = uniqueGroup('joinery-bench');
  const env = serviceEnv(db.url, broker.brokers, topics, group, {
    ADMIN_API_KEY: BENCH_API_KEY,
    ...(o.poolSize ? { DATABASE_POOL_SIZE: o.poolSize } : {}),
    ...o.serviceEnv,
  });
  const services: Service[] = [];
  const admin = broker.kafka.admin();
  await admin.connect();
  const producer = await connectProducer(broker.kafka);
  let searchLag: SearchLag | null = null;
  try {
    const profileDir = o.cpuProf ? path.join(o.cpuProf, `i${instances}-r${run}`) : undefined;
    if (profileDir) mkdirSync(profileDir, { recursive: true });
    const startAll = async (): Promise<void> => {
      // The first instance migrates the database; the others start once it is ready.
      services.push(await startService(env, { cpuProfileDir: profileDir }));
      services.push(
        ...(await Promise.all(
          Array.from({ length: instances - 1 }, () => startService(env, { cpuProfileDir: profileDir })),
        )),
      );
    };
    const pgCpu = new PostgresCpu(db.url);
    let statements = false;
    let nodeCpuBefore = 0;
    let started: number;
    let produced: number;
    if (o.backlog) {
      // The lag is there before the service: the consumer meets it at start (a backfill mode sees it
      // then). The time and the CPU count from the spawn, the service's boot included.
      const t = Date.now();
      await produceAll(producer, topics.changes, upserts(dataset, 0, o.records));
      log(`  ${o.records} events produced to ${topics.changes} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      await pgCpu.start();
      started = produced = Date.now();
      await startAll();
      log(`  ${instances} instance(s) started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      searchLag = new SearchLag(db.url);
      await searchLag.start();
    } else {
      await startAll();
      await waitForGroup(admin, group, instances);
      statements = o.pgStat && (await enableStatements(db.url));
      log(
        `${instances} instance(s) ready in group ${group}; producing ${o.records} events to ${topics.changes}`,
      );
      await pgCpu.start();
      nodeCpuBefore = services.reduce((sum, s) => sum + s.cpuSeconds(), 0);
      searchLag = new SearchLag(db.url);
      await searchLag.start();
      started = Date.now();
      await produceAll(producer, topics.changes, upserts(dataset, 0, o.records));
      produced = Date.now();
      log(`  produced in ${((produced - started) / 1000).toFixed(1)} s`);
    }
    const finished = await waitUntilConsumed(admin, group, topics.changes, started, o.records, 6 * 3600_000, {
      kafka: broker.kafka,
      dlq: topics.dlq,
      services,
    });
    const seconds = (finished - started) / 1000;
    const rate = o.records / seconds;
    const nodeCpuMs =
      ((services.reduce((sum, s) => sum + s.cpuSeconds(), 0) - nodeCpuBefore) * 1000) / o.records;
    const pgCpuMs = ((await pgCpu.stop()) * 1000) / o.records;
    log(
      `  ${o.records} records ingested in ${seconds.toFixed(1)} s: ${Math.round(rate)} records/s; ` +
        `CPU per record: service ${nodeCpuMs.toFixed(2)} ms, its Postgres backends ${pgCpuMs.toFixed(2)} ms`,
    );

    const search = await searchLag.stop(finished);
    log(
      `  search index lag (age of the oldest event not yet indexed, sampled 4/s): p50 ${search.p50} ms, ` +
        `p99 ${search.p99} ms, max ${search.max} ms; caught up ${search.caughtUpMs} ms after the last commit`,
    );
    const store = await verifyStore(db.url, o.records);
    const accuracy = await accuracyOf(db.url, dataset, o.records);
    const fingerprint = await partitionFingerprint(db.url);
    const top = statements ? await topStatements(db.url) : [];

    const latency: LatencyResult[] = [];
    if (o.latencySeconds > 0 && o.latencyProbes > 0) {
      const versions = new Map<number, number>();
      for (const [i, loadRate] of (o.latencyRates ?? [Math.max(50, Math.round(rate / 2))]).entries()) {
        // Each rate starts from an idle pipeline: the previous rate's backlog consumed and relayed.
        await waitUntilConsumed(admin, group, topics.changes, Date.now(), 0, 600_000, {
          kafka: broker.kafka,
          dlq: topics.dlq,
          services,
        });
        await waitForRelay(db.url, 600_000);
        log(`  latency: ${o.latencyProbes} probes over ${o.latencySeconds} s under ${loadRate} updates/s`);
        const pgCpuDuring = new PostgresCpu(db.url);
        await pgCpuDuring.start();
        const nodeCpuDuring = services.reduce((sum, s) => sum + s.cpuSeconds(), 0);
        const l = await measureLatency({
          kafka: broker.kafka,
          producer,
          changesTopic: topics.changes,
          goldenTopic: topics.golden,
          dataset,
          stored: o.records,
          firstProbe: o.records + i * o.latencyProbes,
          versions,
          probes: o.latencyProbes,
          loadRate,
          seconds: o.latencySeconds,
          databaseUrl: db.url,
          rest: {
            baseUrl: `http://127.0.0.1:${services[0].port}`,
            headers: { authorization: `Bearer ${BENCH_API_KEY}` },
          },
        });
        latency.push(l);
        const nodeMs =
          ((services.reduce((sum, s) => sum + s.cpuSeconds(), 0) - nodeCpuDuring) * 1000) / l.sent;
        const pgMs = ((await pgCpuDuring.stop()) * 1000) / l.sent;
        log(
          `  latency under ${Math.round(l.loadRate)} updates/s sent: p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms ` +
            `(${l.received}/${l.probes} probes); ${l.processed} events ingested meanwhile; CPU per event ingested: service ${nodeMs.toFixed(2)} ms, ` +
            `its Postgres backends ${pgMs.toFixed(2)} ms; ${l.transactions} ingest transactions of ` +
            `${l.eventsPerTransaction.toFixed(1)} events on average; load average ${l.loadAverage.toFixed(2)}`,
        );
        if (l.rest)
          log(
            `  REST writes meanwhile (one update each, as often as the probes): p50 ${l.rest.p50} ms, p99 ${l.rest.p99} ms, ` +
              `max ${l.rest.max} ms (${l.rest.writes} answered${l.rest.failed ? `, ${l.rest.failed} FAILED` : ''})`,
          );
        if (l.phases)
          log(
            `  latency phases (medians): produce → transaction start ${l.phases.queued} ms, ` +
              `→ golden event marked published ${l.phases.resolvedAndRelayed} ms, → received ${l.phases.delivered} ms`,
          );
      }
    }
    if (o.raw && run === 1 && instances === o.instances[0])
      await rawLimits(o, broker, dataset, topics.changes);
    // The consumer's backfill mode commits the offsets a few seconds before its summary line (the
    // commit's consumer waits out a fetch): wait for that line, once the mode said it started.
    const summary = /backfill mode (done|failed)/;
    for (let waited = 0; waited < 30_000; waited += 200) {
      const outputs = services.map((s) => s.output());
      if (
        !outputs.some((out) => out.includes('backfill mode, reading')) ||
        outputs.some((out) => summary.test(out))
      )
        break;
      await sleep(200);
    }
    const peaks = services.map((s) => s.peakRssMb());
    await Promise.all(services.map((s) => s.stop()));
    // What the backfill mode said it did (the service logs at LOG_LEVEL warn unless told otherwise).
    for (const s of services)
      for (const line of s.output().split('\n'))
        if (line.includes('backfill mode')) log(`  service: ${/"msg":"([^"]*)"/.exec(line)?.[1] ?? line}`);
    return {
      instances,
      run,
      produceSeconds: (produced - started) / 1000,
      seconds,
      rate,
      goldens: store.goldens,
      events: store.events,
      peakRssMb: peaks.map((p) => Math.round(Math.max(p, 0))),
      f1: accuracy.f1,
      precision: accuracy.precision,
      recall: accuracy.recall,
      fingerprint: fingerprint.md5,
      latency,
      searchLag: search,
      statements: top,
      nodeCpuMs,
      pgCpuMs,
    };
  } catch (e) {
    for (const s of services)
      process.stderr.write(`--- service ${s.pid} output (tail) ---\n${s.output().slice(-5000)}\n`);
    throw e;
  } finally {
    await searchLag?.close();
    await Promise.all(services.map((s) => s.stop()));
    await producer.disconnect();
    await admin.disconnect();
    if (o.keep) {
      log(`  kept (--keep): database ${db.url}, topics ${topics.changes}.*; drop them yourself`);
    } else {
      await deleteTopics(broker.kafka, topics);
      await db.drop();
    }
  }
}

async function rawLimits(
  o: Options,
  broker: Broker,
  dataset: SyntheticDataset,
  topic: string,
): Promise<void> {
  log('raw limits: kafkajs consuming the same topic with an empty handler');
  const kafkaRate = await kafkaConsumeRate(broker.kafka, topic, o.records);
  log('raw limits: PostgreSQL storing the same rows without matching');
  const db = await createDatabase('joinery_bench_raw');
  try {
    const pgRate = await postgresInsertRate(db.url, dataset, o.records);
    rawFigures.push(`kafkajs empty handler: ${Math.round(kafkaRate)} messages/s`);
    rawFigures.push(
      `PostgreSQL same rows, no matching (2 writers, 1,000 per transaction): ${Math.round(pgRate)} records/s`,
    );
  } finally {
    await db.drop();
  }
}

const rawFigures: string[] = [];

async function main(): Promise<void> {
  const o = options();
  const broker = await ensureBroker();
  const dataset = new SyntheticDataset({
    entityType: o.type,
    records: o.records + o.latencyProbes * Math.max(1, o.latencyRates?.length ?? 1),
    domains: o.domains,
    seed: o.seed,
  });
  log(
    `${machine()}; ${o.records} ${o.type} records (${o.domains} domains, seed ${o.seed}); Kafka ${broker.brokers.join(',')}`,
  );
  const results: RunResult[] = [];
  try {
    for (const instances of o.instances)
      for (let run = 1; run <= o.runs; run++) results.push(await oneRun(o, broker, dataset, instances, run));
  } finally {
    await broker.release();
  }
  report(o, results);
}

function report(o: Options, results: RunResult[]): void {
  const lines = [
    `bench:ingest — ${o.records} ${o.type} records over ${o.domains} domains (seed ${o.seed}), 6 partitions; ${machine()}`,
    'instances run  rate rec/s  total s  produce s  CPU ms/rec node+pg  goldens  peak RSS MB  latency p50/p99 ms (load/s)   P/R/F1                partition md5',
  ];
  for (const r of results) {
    const l = r.latency[0];
    lines.push(
      [
        String(r.instances).padStart(9),
        String(r.run).padStart(3),
        String(Math.round(r.rate)).padStart(11),
        r.seconds.toFixed(1).padStart(8),
        r.produceSeconds.toFixed(1).padStart(10),
        `${r.nodeCpuMs.toFixed(2)}+${r.pgCpuMs.toFixed(2)}`.padStart(19),
        String(r.goldens).padStart(8),
        r.peakRssMb.join('/').padStart(12),
        (l ? `${l.p50}/${l.p99} (${Math.round(l.loadRate)}) ${l.received}/${l.probes}` : '-').padStart(30),
        `  ${r.precision.toFixed(4)}/${r.recall.toFixed(4)}/${r.f1.toFixed(4)}`,
        `  ${r.fingerprint.slice(0, 12)}`,
      ].join(' '),
    );
  }
  for (const k of o.instances) {
    const runs = results.filter((r) => r.instances === k);
    if (runs.length > 1)
      lines.push(
        `median of ${runs.length} runs with ${k} instance(s): ${Math.round(median(runs.map((r) => r.rate)))} records/s`,
      );
  }
  if (o.target !== null) {
    const rate = Math.round(median(results.map((r) => r.rate)));
    lines.push(
      `target ≥ ${o.target} records/s: ${rate >= o.target ? 'met' : 'NOT met'} (median ${rate} records/s)`,
    );
  }
  const prints = new Set(results.map((r) => r.fingerprint));
  lines.push(
    prints.size === 1
      ? `partition: identical in all ${results.length} run(s) (${[...prints][0]})`
      : `partition: DIFFERS between runs (${[...prints].join(', ')})`,
  );
  for (const r of results)
    for (const l of r.latency.slice(1))
      lines.push(
        `latency, ${r.instances} instance(s) run ${r.run}, under ${Math.round(l.loadRate)} updates/s: ` +
          `p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms (${l.received}/${l.probes} probes)`,
      );
  for (const r of results)
    lines.push(
      `search index lag, ${r.instances} instance(s) run ${r.run}: oldest unindexed event p50 ${r.searchLag.p50} ms, ` +
        `p99 ${r.searchLag.p99} ms, max ${r.searchLag.max} ms; caught up ${r.searchLag.caughtUpMs} ms after the last commit`,
    );
  lines.push(...rawFigures);
  for (const r of results.filter((x) => x.statements.length > 0)) {
    lines.push(
      `pg_stat_statements, ${r.instances} instance(s) run ${r.run} (top by total time):`,
      ...r.statements,
    );
  }
  console.log(lines.join('\n'));
  if (prints.size > 1) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
