/**
 * The crosswalk where engines live (`npm run bench:crosswalk`), on the cross-reference bench's data
 * set (bench/xref/load.ts: 1,000,000 records in two domains, in a database of its own):
 * - the Parquet snapshot of all 1,000,000 memberships, GET /v1/xref/export?format=parquet (default
 *   row groups, then 65,536 rows): time,
 *   size, row groups, and the service's peak RSS while writing it (target ≤ 300 MB); the file is
 *   read back with DuckDB (row count, a crm ⋈ billing join through it);
 * - the same snapshot by the CLI (`joinery export --format parquet`): time and the process's peak RSS;
 * - the compacted xref topic's lag behind the store (bench/xref/topic-lag.ts) on the same store of
 *   N records (seeded onto the topic first), while the service takes crosswalk changes over REST
 *   at each of --rates in turn.
 * Options: --records=<n> (1,000,000), --rates=<changes/s,...> (200,1000), --seconds=<s per rate> (30),
 * --only=parquet|lag, --keep.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchOption, dataSize, runOnLoadedDatabase } from './xref/load';
import { benchMatchersDir, memoryMb, resetPeak, RunningService, startService } from './xref/service';
import { topicLag } from './xref/topic-lag';
import { MAX_PARQUET_ROW_GROUP_ROWS } from '../src/features/xref/xref-limits';

const option = (name: string): string | undefined => benchOption(name);
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
const DB_NAME = `joinery_bench_crosswalk_${process.pid}`;
const RATES = (option('rates') || option('rate') || '200,1000').split(',').map(Number);
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

const size = dataSize(Number(option('records') || 1_000_000));
const records = size.records;
const only = option('only'); // 'parquet' or 'lag'
console.log(`crosswalk bench: ${records.toLocaleString('en')} records; database ${DB_NAME}`);
runOnLoadedDatabase(ADMIN_URL, DB_NAME, size, async (url) => {
  if (only !== 'lag') {
    const service = await startService(url, { ADMIN_API_KEY: KEY });
    try {
      await parquetOverHttp(service, records);
      // The same export in the biggest row groups the route allows: memory against group size.
      await parquetOverHttp(service, records, MAX_PARQUET_ROW_GROUP_ROWS);
    } finally {
      await service.stop();
    }
    parquetByCli(url, records);
  }
  if (only !== 'parquet') {
    const lines = await topicLag({ url, brokers: BROKERS, apiKey: KEY, rates: RATES, seconds: SECONDS });
    for (const line of lines) console.log(line);
  }
});
