/**
 * The crosswalk where engines live (`npm run bench:crosswalk`), on the cross-reference bench's data
 * set (bench/xref/load.ts: 1,000,000 records in two domains, in a database of its own):
 * - the Parquet snapshot of all 1,000,000 memberships, GET /v1/xref/export?format=parquet (default
 *   row groups, then 65,536 rows): time,
 *   size, row groups, and the service's peak RSS while writing it (target ≤ 300 MB); the file is
 *   read back with DuckDB (row count, a crm ⋈ billing join through it);
 * - the same snapshot by the CLI (`joinery export --format parquet`): time and the process's peak RSS;
 * - on a fresh store of its own, the compacted xref topic's lag behind the store while the service takes ~1,000 crosswalk
 *   changes a second over REST (new records, and deletes of those created half a second before):
 *   per message, arrival at a subscriber − the change's transaction time (its `linkedAt`), and the
 *   relay's backlog (unpublished outbox rows) sampled every 100 ms.
 * Options: --rate=<changes/s> (default 1,000), --seconds=<s> (30), --only=parquet|lag, --keep.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { percentile } from './ingest-env';
import { benchOption, createDatabase, dataSize, dropDatabase, runOnLoadedDatabase } from './xref/load';
import { benchMatchersDir, memoryMb, resetPeak, RunningService, startService } from './xref/service';

const option = (name: string): string | undefined => benchOption(name);
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
const DB_NAME = `joinery_bench_crosswalk_${process.pid}`;
const RATE = Number(option('rate') || 1000);
const SECONDS = Number(option('seconds') || 30);
const MAX_RSS_MB = 300;
/** The service's bootstrap admin key: every route needs a key. */
const KEY = 'bench-crosswalk-key-0123456789';
const AUTH = { authorization: `Bearer ${KEY}` };
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function duckdb(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    return (await c.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

async function checkFile(file: string, expectedRows: number): Promise<string> {
  const [meta] = await duckdb(
    `SELECT count(DISTINCT row_group_id)::int AS groups, sum(num_values)::bigint AS v FROM parquet_metadata('${file}') WHERE path_in_schema = 'source_id'`,
  );
  const [count] = await duckdb(`SELECT count(*)::int AS n FROM '${file}'`);
  if (count.n !== expectedRows)
    throw new Error(`${file} holds ${String(count.n)} rows, expected ${expectedRows}`);
  const started = performance.now();
  const [joined] = await duckdb(
    `SELECT count(*)::int AS pairs FROM '${file}' c JOIN '${file}' b
      ON b.golden_id = c.golden_id AND c.domain = 'crm' AND b.domain = 'billing'`,
  );
  return `${String(meta.groups)} row groups; DuckDB reads ${String(count.n)} rows and joins crm ⋈ billing (${String(joined.pairs)} pairs) in ${(performance.now() - started).toFixed(0)} ms`;
}

async function parquetOverHttp(
  service: RunningService,
  records: number,
  rowGroupRows?: number,
): Promise<void> {
  const before = memoryMb(service.pid, 'VmRSS');
  const reset = resetPeak(service.pid);
  let sampled = before;
  const sampler = setInterval(() => (sampled = Math.max(sampled, memoryMb(service.pid, 'VmRSS'))), 20);
  const started = performance.now();
  let body: Buffer;
  try {
    const res = await fetch(
      `${service.baseUrl}/v1/xref/export?entityType=person&format=parquet${rowGroupRows ? `&rowGroupRows=${rowGroupRows}` : ''}`,
      { headers: AUTH },
    );
    if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
    body = Buffer.from(await res.arrayBuffer());
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  const peak = reset ? Math.max(memoryMb(service.pid, 'VmHWM'), sampled) : sampled;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'joinery-crosswalk-')), 'person.parquet');
  writeFileSync(file, body);
  console.log(
    `parquet over HTTP (${rowGroupRows ?? 'default'} rows a group): ${records.toLocaleString('en')} rows, ${mb(body.length)} in ${seconds.toFixed(1)} s ` +
      `(${Math.round(records / seconds).toLocaleString('en')} rows/s); service RSS ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB` +
      (reset ? '' : ' (sampled every 20 ms)'),
  );
  console.log(`  ${await checkFile(file, records)}`);
  if (peak > MAX_RSS_MB) console.log(`  peak RSS ${peak.toFixed(0)} MB is OVER the ${MAX_RSS_MB} MB target`);
}

function parquetByCli(url: string, records: number): void {
  const out = mkdtempSync(path.join(tmpdir(), 'joinery-crosswalk-cli-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, MATCHERS_DIR: benchMatchersDir() };
  delete env.KAFKA_BROKERS; // the CLI needs no Kafka
  const started = performance.now();
  // GNU time's %M: the process's peak resident set, in KB.
  const run = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%M',
      process.execPath,
      path.resolve(__dirname, '../src/cli/main.js'),
      'export',
      '--out',
      out,
      '--type',
      'person',
    ],
    { env, encoding: 'utf8' },
  );
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`joinery export failed:\n${run.stdout}\n${run.stderr}`);
  const peakKb = Number(run.stderr.trim().split('\n').pop());
  const size = statSync(path.join(out, 'person.parquet')).size;
  console.log(
    `parquet by the CLI: ${records.toLocaleString('en')} rows, ${mb(size)} in ${seconds.toFixed(1)} s (process start and Nest included); peak RSS ${(peakKb / 1024).toFixed(0)} MB`,
  );
}

interface Lag {
  lags: number[];
  sent: number;
  backlogMax: number;
}

async function topicLag(url: string): Promise<void> {
  const topic = `joinery.bench.xref.${process.pid}`;
  const service = await startService(url, {
    ADMIN_API_KEY: KEY,
    KAFKA_BROKERS: BROKERS,
    KAFKA_TOPIC_XREF: topic,
    KAFKA_TOPIC_GOLDEN_CHANGES: `joinery.bench.golden.${process.pid}`,
    KAFKA_TOPIC_ENTITY_CHANGES: `joinery.bench.changes.${process.pid}`,
    KAFKA_TOPIC_DLQ: `joinery.bench.changes.${process.pid}.dlq`,
    KAFKA_GROUP_ID: `joinery-bench-${process.pid}`,
  });
  const kafka = new Kafka({
    clientId: 'joinery-bench',
    brokers: BROKERS.split(','),
    logLevel: logLevel.ERROR,
  });
  const admin = kafka.admin();
  const consumer = kafka.consumer({ groupId: `joinery-bench-xref-${process.pid}`, maxWaitTimeInMs: 20 });
  const db = new Client({ connectionString: url });
  await db.connect();
  const result: Lag = { lags: [], sent: 0, backlogMax: 0 };
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (!message.value) return; // a tombstone carries no time; its change is measured by its pair
        const { linkedAt, domain } = JSON.parse(message.value.toString()) as {
          linkedAt: string;
          domain: string;
        };
        if (domain !== 'lag') return; // the topic's seed, not a change of the run
        result.lags.push(Date.now() - Date.parse(linkedAt));
      },
    });
    const sampler = setInterval(() => {
      void db
        .query<{ n: string }>(`SELECT count(*)::text AS n FROM golden_outbox WHERE published_at IS NULL`)
        .then((r) => (result.backlogMax = Math.max(result.backlogMax, Number(r.rows[0].n))));
    }, 100);
    // The relay seeds a new topic first (an empty store here: nothing to send); the run starts after it.
    const seedDeadline = Date.now() + 60_000;
    while (Date.now() < seedDeadline) {
      const seeded = await db.query(`SELECT 1 FROM xref_topic_seeds WHERE topic = $1`, [topic]);
      if (seeded.rowCount) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // Every 100 ms, one request of RATE/10 changes: new records, and deletes of those sent 0.5 s before.
    const perTick = Math.round(RATE / 10);
    const started = Date.now();
    let tick = 0;
    const inFlight = new Set<Promise<void>>();
    while (Date.now() - started < SECONDS * 1000) {
      const events = Array.from({ length: perTick }, (_, i) => {
        const n = tick * perTick + i;
        const del = i % 2 === 1 && tick >= 5;
        const target = del ? (tick - 5) * perTick + i - 1 : n;
        return {
          eventId: `lag-${process.pid}-${n}`,
          domain: 'lag',
          entityType: 'person',
          sourceId: `L-${target}`,
          op: del ? 'delete' : 'upsert',
          occurredAt: new Date().toISOString(),
          ...(!del && { attributes: { name: `Lag Person ${target}` } }),
        };
      });
      const request = fetch(`${service.baseUrl}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...AUTH },
        body: JSON.stringify({ events }),
      }).then(async (res) => {
        if (res.status !== 200)
          throw new Error(`POST /v1/events answered ${res.status}: ${await res.text()}`);
        result.sent += events.length;
      });
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
      // At most 4 requests in flight: a service that cannot keep up slows the load, not the other way.
      if (inFlight.size >= 4) await Promise.race(inFlight);
      tick++;
      const next = started + tick * 100;
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
    }
    await Promise.all(inFlight);
    const elapsed = (Date.now() - started) / 1000;
    const expected = result.sent / 2; // the upserts: one message each with a time
    const deadline = Date.now() + 60_000;
    while (result.lags.length < expected && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    clearInterval(sampler);
    const sorted = [...result.lags].sort((a, b) => a - b);
    console.log(
      `xref topic lag at ${Math.round(result.sent / elapsed).toLocaleString('en')} changes/s over ${elapsed.toFixed(0)} s ` +
        `(offered ${RATE}/s): ${sorted.length.toLocaleString('en')} messages, p50 ${percentile(sorted, 50)} ms, ` +
        `p99 ${percentile(sorted, 99)} ms, max ${sorted[sorted.length - 1]} ms; relay backlog at most ${result.backlogMax} rows`,
    );
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await db.end();
    await service.stop();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

const size = dataSize(Number(option('records') || 1_000_000));
const records = size.records;
const only = option('only'); // 'parquet' or 'lag'
if (only !== 'lag') {
  console.log(`crosswalk bench: ${records.toLocaleString('en')} records; database ${DB_NAME}`);
  runOnLoadedDatabase(ADMIN_URL, DB_NAME, size, async (url) => {
    const service = await startService(url, { ADMIN_API_KEY: KEY });
    try {
      await parquetOverHttp(service, records);
      // The same export with bigger row groups: memory against group size.
      for (const rows of [65_536]) await parquetOverHttp(service, records, rows);
    } finally {
      await service.stop();
    }
    parquetByCli(url, records);
    if (only === undefined) await lagOnFreshDatabase();
  });
} else {
  lagOnFreshDatabase().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  });
}

/** The lag is measured on a fresh store of its own: the changes, not a million records, are the point. */
async function lagOnFreshDatabase(): Promise<void> {
  const name = `${DB_NAME}_lag`;
  const url = await createDatabase(ADMIN_URL, name);
  try {
    await topicLag(url);
  } finally {
    await dropDatabase(ADMIN_URL, name);
  }
}
