/**
 * Scaling curve: `npm run bench:scaling -- [--stages 10000,100000,1000000] [--window-fraction 0.1]`.
 * For each stage S: a fresh database and 6-partition topic, one service instance, and a synthetic
 * dataset of S + W records (W = S × fraction, at least --min-window). The first S records are loaded through the full
 * pipeline (Kafka → ingestion → resolution → outbox); then two windows are timed: the last W
 * records as upserts of new records, then W updates of random stored records (each a new version
 * with one real-world change). Each stage has its own dataset so that a window's records find the
 * same share of their entity already stored (S / (S + W)) at every size: what differs between
 * stages is the size of the store, not how complete its entities are. A window's cost per record
 * is its wall time from the first produce to the last offset committed, divided by W, with the CPU
 * the service and its Postgres backends used. The target: the cost at 1M stored records at
 * most 1.3× the cost at 100k. With `--instances N` the service runs as N instances in one consumer
 * group; with `--pg-stat` each window also reports the time its resolution calls spent in the lock
 * statements (lock buckets, golden entities), per resolution call and as a share of its time.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ENTITY_TYPES, SyntheticDataset, type EntityType, type GeneratedEvent } from '../src/cli/generator';
import {
  createDatabase,
  createTopics,
  deleteTopics,
  enableStatements,
  ensureBroker,
  lockStatements,
  log,
  machine,
  MachineCpu,
  PostgresCpu,
  resolutionBatches,
  serviceEnv,
  sql,
  startService,
  topStatements,
  uniqueGroup,
  waitForGroup,
  type Broker,
  type Service,
} from './ingest-env';
import { connectProducer, produceAll, upserts, verifyStore, waitUntilConsumed } from './ingest-workload';

const USAGE = `npm run bench:scaling -- [--stages 10000,100000,1000000] [--window-fraction 0.1] [--min-window 5000] [--type customer]
    [--domains 4] [--seed 1] [--instances 1] [--pg-stat] [--cpu-prof DIR] [--setup-sql STATEMENT]...
Environment: BENCH_DATABASE_URL, KAFKA_BROKERS (as for bench:ingest).`;

interface Window {
  stored: number;
  kind: 'upsert' | 'update';
  records: number;
  seconds: number;
  nodeCpuMs: number;
  pgCpuMs: number;
  /** Cores the whole machine kept busy on average (service, PostgreSQL, Kafka, this bench, anything else). */
  busyCores: number;
  cores: number;
  statements: string[];
  /** Resolution calls (one per entity type per chunk) and their total time, over every instance. */
  batches: number;
  batchMs: number;
  /** Their time from taking the lock buckets to their end (joinery_resolution_locked_seconds). */
  lockedMs: number;
  /** Time in the lock statements (pg_stat_statements), when --pg-stat. */
  lockMs?: { buckets: number; goldens: number };
}

interface Stage {
  stored: number;
  preloadRate: number;
  windows: Window[];
  peakRssMb: number;
}

type Options = ReturnType<typeof options>;

function options() {
  const { values } = parseArgs({
    options: {
      stages: { type: 'string', default: '10000,100000,1000000' },
      'window-fraction': { type: 'string', default: '0.1' },
      'min-window': { type: 'string', default: '5000' },
      type: { type: 'string', default: 'customer' },
      domains: { type: 'string', default: '4' },
      seed: { type: 'string', default: '1' },
      instances: { type: 'string', default: '1' },
      'pg-stat': { type: 'boolean', default: false },
      'setup-sql': { type: 'string', multiple: true },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!(ENTITY_TYPES as readonly string[]).includes(values.type))
    throw new Error(`--type: one of ${ENTITY_TYPES.join(', ')}`);
  const stages = values.stages.split(',').map(Number);
  if (stages.some((s, i) => !Number.isInteger(s) || s < 1 || (i > 0 && s <= stages[i - 1])))
    throw new Error('--stages: increasing positive integers');
  if (!Number.isInteger(Number(values.instances)) || Number(values.instances) < 1)
    throw new Error('--instances: a positive integer');
  return {
    stages,
    windowFraction: Number(values['window-fraction']),
    minWindow: Number(values['min-window']),
    type: values.type as EntityType,
    domains: Number(values.domains),
    seed: Number(values.seed),
    instances: Number(values.instances),
    pgStat: values['pg-stat'],
    setupSql: values['setup-sql'] ?? [],
    cpuProf: values['cpu-prof'] ? path.resolve(values['cpu-prof']) : undefined,
  };
}

async function runStage(o: Options, broker: Broker, stored: number): Promise<Stage> {
  const w = Math.max(o.minWindow, Math.round(stored * o.windowFraction));
  const dataset = new SyntheticDataset({
    entityType: o.type,
    records: stored + w,
    domains: o.domains,
    seed: o.seed,
  });
  const db = await createDatabase('joinery_bench_scaling');
  const topics = await createTopics(broker.kafka, 'joinery-bench-scaling');
  const group = uniqueGroup('joinery-bench-scaling');
  const admin = broker.kafka.admin();
  await admin.connect();
  const producer = await connectProducer(broker.kafka);
  const services: Service[] = [];
  const cpu = () => services.reduce((sum, s) => sum + s.cpuSeconds(), 0);
  const batches = async () => {
    const each = await Promise.all(services.map(resolutionBatches));
    const sum = (of: (b: (typeof each)[number]) => number) => each.reduce((n, b) => n + of(b), 0);
    return {
      seconds: sum((b) => b.seconds),
      count: sum((b) => b.count),
      lockedSeconds: sum((b) => b.lockedSeconds),
    };
  };
  try {
    for (let i = 0; i < o.instances; i++)
      services.push(
        await startService(serviceEnv(db.url, broker.brokers, topics, group), {
          cpuProfileDir: o.cpuProf ? path.join(o.cpuProf, `stage-${stored}-${i}`) : undefined,
        }),
      );
    await waitForGroup(admin, group, o.instances);
    const guard = { kafka: broker.kafka, dlq: topics.dlq, services };
    // Experiments (e.g. --setup-sql "DROP INDEX ix_golden_search_text"), on the migrated schema.
    for (const statement of o.setupSql) await sql(db.url, statement);
    const statements = o.pgStat && (await enableStatements(db.url));
    const timed = async (
      kind: Window['kind'],
      events: Iterable<GeneratedEvent>,
      count: number,
    ): Promise<Window> => {
      if (statements) await sql(db.url, `SELECT pg_stat_statements_reset()`);
      const pgCpu = new PostgresCpu(db.url);
      await pgCpu.start();
      const cpuBefore = cpu();
      const machineCpu = new MachineCpu();
      const batchesBefore = await batches();
      const started = Date.now();
      await produceAll(producer, topics.changes, events);
      const finished = await waitUntilConsumed(
        admin,
        group,
        topics.changes,
        started,
        count,
        6 * 3600_000,
        guard,
      );
      const batchesAfter = await batches();
      const { busyCores, cores } = machineCpu.stop();
      const window: Window = {
        stored,
        kind,
        records: count,
        seconds: (finished - started) / 1000,
        nodeCpuMs: ((cpu() - cpuBefore) * 1000) / count,
        pgCpuMs: ((await pgCpu.stop()) * 1000) / count,
        busyCores,
        cores,
        statements: statements ? await topStatements(db.url, 12) : [],
        batches: batchesAfter.count - batchesBefore.count,
        batchMs: (batchesAfter.seconds - batchesBefore.seconds) * 1000,
        lockedMs: (batchesAfter.lockedSeconds - batchesBefore.lockedSeconds) * 1000,
        lockMs: statements ? await lockStatements(db.url) : undefined,
      };
      log(
        `  ${kind}s at ${stored} stored: ${count} in ${window.seconds.toFixed(1)} s = ` +
          `${((window.seconds * 1000) / count).toFixed(3)} ms/record (${Math.round(count / window.seconds)}/s; ` +
          `CPU ${window.nodeCpuMs.toFixed(2)} + ${window.pgCpuMs.toFixed(2)} ms; machine ${busyCores.toFixed(2)} of ${cores} cores busy; ${lockLine(window)})`,
      );
      return window;
    };

    log(`stage ${stored}: loading ${stored} records (fresh database ${db.name})`);
    const began = Date.now();
    await produceAll(producer, topics.changes, upserts(dataset, 0, stored));
    await waitUntilConsumed(admin, group, topics.changes, began, stored, 6 * 3600_000, guard);
    const preloadRate = (stored * 1000) / (Date.now() - began);
    const windows = [await timed('upsert', upserts(dataset, stored, stored + w), w)];
    const total = stored + w;
    const updates = function* (): Generator<GeneratedEvent> {
      const versions = new Map<number, number>();
      for (let i = 0; i < w; i++) {
        const p = (Math.imul(i + 1, 2654435761) >>> 0) % total;
        const version = (versions.get(p) ?? 1) + 1;
        versions.set(p, version);
        yield dataset.upsert(p, version, Date.UTC(2026, 3, 1) + i);
      }
    };
    windows.push(await timed('update', updates(), w));
    await verifyStore(db.url, total);
    const peakRssMb = Math.max(...services.map((s) => s.peakRssMb()));
    for (const s of services) await s.stop();
    return { stored, preloadRate, windows, peakRssMb };
  } catch (e) {
    for (const s of services)
      process.stderr.write(`--- service output (tail) ---\n${s.output().slice(-5000)}\n`);
    throw e;
  } finally {
    for (const s of services) await s.stop();
    await producer.disconnect();
    await admin.disconnect();
    await deleteTopics(broker.kafka, topics);
    await db.drop();
  }
}

async function main(): Promise<void> {
  const o = options();
  const broker = await ensureBroker();
  const stages: Stage[] = [];
  log(
    `${machine()}; stages ${o.stages.join(', ')} ${o.type} records, windows of ${o.windowFraction} × stage`,
  );
  try {
    for (const stored of o.stages) stages.push(await runStage(o, broker, stored));
  } finally {
    await broker.release();
  }
  report(o, stages);
}

function report(o: Options, stages: Stage[]): void {
  const lines = [
    `bench:scaling — ${o.type}, ${o.domains} domains (seed ${o.seed}); ${o.instances} instance(s), 6 partitions; ${machine()}`,
    '   stored  preload rec/s  kind     records  ms/record  rec/s  CPU ms/rec node+pg  busy cores  peak RSS MB',
  ];
  for (const s of stages) {
    for (const w of s.windows) {
      lines.push(
        [
          String(s.stored).padStart(9),
          (w.kind === 'upsert' && Number.isFinite(s.preloadRate)
            ? String(Math.round(s.preloadRate))
            : ''
          ).padStart(14),
          ` ${w.kind.padEnd(7)}`,
          String(w.records).padStart(8),
          ((w.seconds * 1000) / w.records).toFixed(3).padStart(10),
          String(Math.round(w.records / w.seconds)).padStart(6),
          `${w.nodeCpuMs.toFixed(2)}+${w.pgCpuMs.toFixed(2)}`.padStart(20),
          `${w.busyCores.toFixed(2)}/${w.cores}`.padStart(11),
          (w.kind === 'upsert' ? String(Math.round(s.peakRssMb)) : '').padStart(12),
        ].join(' '),
      );
    }
  }
  const cost = (stored: number, kind: Window['kind']) => {
    const w = stages.find((s) => s.stored === stored)?.windows.find((x) => x.kind === kind);
    return w ? w.seconds / w.records : NaN;
  };
  if (stages.length >= 2) {
    const [a, b] = [stages[stages.length - 2].stored, stages[stages.length - 1].stored];
    for (const kind of ['upsert', 'update'] as const) {
      const ratio = cost(b, kind) / cost(a, kind);
      lines.push(`${kind} cost at ${b} / at ${a}: ${ratio.toFixed(2)}× (target ≤ 1.3×)`);
    }
  }
  for (const s of stages) for (const w of s.windows) lines.push(`${w.kind}s at ${s.stored}: ${lockLine(w)}`);
  const last = stages[stages.length - 1];
  lines.push(`service peak RSS at ${last.stored} stored: ${Math.round(last.peakRssMb)} MB (target ≤ 512 MB)`);
  for (const s of stages)
    for (const w of s.windows.filter((x) => x.statements.length > 0))
      lines.push(
        `pg_stat_statements, ${w.kind}s at ${s.stored} stored (top by total time):`,
        ...w.statements,
      );
  console.log(lines.join('\n'));
}

/** Resolution time per call and, with --pg-stat, the lock statements' share of it. */
function lockLine(w: Window): string {
  const per = (ms: number) => (ms / Math.max(w.batches, 1)).toFixed(1);
  const line = `${w.batches} resolution calls of ${per(w.batchMs)} ms (${per(w.lockedMs)} ms of them holding the lock buckets)`;
  if (!w.lockMs) return line;
  const { buckets, goldens } = w.lockMs;
  const share = ((100 * (buckets + goldens)) / Math.max(w.batchMs, 1)).toFixed(1);
  return `${line}, in lock statements ${per(buckets)} ms (buckets) + ${per(goldens)} ms (goldens) = ${share} %`;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
