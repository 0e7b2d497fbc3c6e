/**
 * Cross-reference API benchmark (`npm run bench:resolve`): loads 1,000,000 records (`--records`)
 * with their memberships into a database of its own (created and dropped here, on DATABASE_URL's
 * server or the local 127.0.0.1:5432), starts the built service against it with an API key of its
 * own, and measures
 * - single-key lookups (GET /v1/xref/person/{domain}/{sourceId}) at a fixed 1,000 requests/s with
 *   autocannon: p50 / p99 latency;
 * - batch resolve (POST /v1/xref/resolve) of 1,000 and 10,000 random keys: time per request;
 * - the export of all memberships (GET /v1/xref/export): time, size and the service's peak RSS
 *   while streaming it.
 * Any refused request (non-2xx) stops the bench with the service's reason.
 * Options: --keep (leave the database), --explain (print the plans of the main queries),
 * --duration=<s> (single-key runs, default 30), --records=<n> (default 1,000,000),
 * --requests=<n> (1,000-key batches, default 100; a fifth as many 10,000-key batches and searches).
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { exportQuery } from '../src/features/xref/xref-export.repository';
import { expectOk, StatusCounts } from './refused';
import { RequestRefusedError } from './served/client';
import { createDatabase, dataSize, dropDatabase, load } from './xref/load';
import { cpuMs, loadAverage, memoryMb, resetPeak, RunningService, startService } from './xref/service';

const { values: args } = parseArgs({
  options: {
    keep: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    duration: { type: 'string', default: '30' },
    records: { type: 'string', default: '1000000' },
    requests: { type: 'string', default: '100' },
  },
});
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = `joinery_bench_xref_${process.pid}`;
const DURATION = Number(args.duration);
const REQUESTS = Number(args.requests);
const SIZE = dataSize(Number(args.records));
/** The export of 1,000,000 rows must keep the service under this (the bench fails otherwise). */
const MAX_EXPORT_RSS_MB = 300;

const randomKey = (): { entityType: string; domain: string; sourceId: string } => {
  const g = 1 + Math.floor(Math.random() * SIZE.goldens);
  return Math.random() < 0.5
    ? { entityType: 'person', domain: 'crm', sourceId: `C-${g}` }
    : { entityType: 'person', domain: 'billing', sourceId: `B-${g}` };
};

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const ms = (n: number): string => `${n.toFixed(1)} ms`;

/**
 * autocannon's rate limit is a per-second budget per connection: each connection fires its share
 * back to back at the start of every second, then idles. With 32 connections that is a burst of
 * 1,000 requests 32 at a time, which measures queueing inside the burst rather than latency at
 * 1,000 req/s. So the main figure spreads the same rate over the second: PACED_INSTANCES
 * autocannon instances of one connection each, at rate / PACED_INSTANCES req/s, started evenly
 * staggered across one second; latencies are collected from every response. The bursty figure is
 * printed too.
 */
const PACED_INSTANCES = 50;

type Tracked = autocannon.Instance & PromiseLike<autocannon.Result>;

/**
 * One autocannon run of single-key lookups with the service's key; every response's status is
 * counted (and its latency passed to `onOk`), and any refusal fails the run.
 */
async function lookups(
  service: RunningService,
  label: string,
  options: Omit<autocannon.Options, 'url' | 'requests' | 'headers'>,
  onOk?: (latencyMs: number) => void,
): Promise<autocannon.Result> {
  const statuses = new StatusCounts();
  // The typings say autocannon() returns a Promise; at run time it is its event emitter with then().
  const run = autocannon({
    ...options,
    url: service.baseUrl,
    headers: service.headers,
    requests: [{ setupRequest: (r) => ({ ...r, path: lookupPath() }) }],
  }) as unknown as Tracked;
  run.on('response', (_client, status: number, _bytes: number, time: number) => {
    statuses.add(status);
    if (status >= 200 && status < 300) onOk?.(time);
  });
  const result = await run;
  if (statuses.refusals() || result.errors > 0) await refusedLookups(service, label, statuses, result);
  return result;
}

/** Throws with the service's reason: one lookup sent again by hand shows the body autocannon drops. */
async function refusedLookups(
  service: RunningService,
  label: string,
  statuses: StatusCounts,
  result: autocannon.Result,
): Promise<never> {
  const what = `${label}: ${statuses.refusals() || 'no'} refusals, ${result.errors} errors of ${statuses.total} responses`;
  const path = lookupPath();
  const res = await fetch(`${service.baseUrl}${path}`, { headers: service.headers });
  await expectOk(`GET ${path} (${what})`, res);
  throw new Error(`${what}; a lookup sent again now succeeds`);
}

async function pacedLookups(service: RunningService, rate: number, seconds: number): Promise<void> {
  const latencies: number[] = [];
  const runs: Array<Promise<autocannon.Result>> = [];
  const cpuBefore = cpuMs(service.pid);
  for (let i = 0; i < PACED_INSTANCES; i++) {
    const options = { connections: 1, overallRate: rate / PACED_INSTANCES, duration: seconds };
    runs.push(lookups(service, 'paced single-key lookups', options, (t) => latencies.push(t)));
    await new Promise((r) => setTimeout(r, 1000 / PACED_INSTANCES));
  }
  await Promise.all(runs);
  const cpu = (cpuMs(service.pid) - cpuBefore) / latencies.length;
  latencies.sort((a, b) => a - b);
  const achieved = latencies.length / seconds;
  console.log(
    `single-key lookup, ${rate} req/s spread evenly (${PACED_INSTANCES} staggered autocannon connections) for ${seconds} s: ` +
      `${latencies.length} responses (${Math.round(achieved)} req/s), all 2xx; ` +
      `latency p50 ${ms(percentile(latencies, 50))}, p90 ${ms(percentile(latencies, 90))}, p99 ${ms(percentile(latencies, 99))}, ` +
      `p99.9 ${ms(percentile(latencies, 99.9))}, max ${ms(latencies[latencies.length - 1])}; ` +
      `service CPU ${cpu.toFixed(3)} ms/request; load average ${loadAverage()}`,
  );
}

async function singleKey(service: RunningService): Promise<void> {
  // Warm-up: JIT, the pool's connections and their prepared statements, PostgreSQL's cache.
  await lookups(service, 'warm-up lookups', {
    connections: 16,
    amount: Math.min(20_000, 1000 * DURATION),
  });
  await pacedLookups(service, 1000, DURATION);
  const result = await lookups(service, 'bursty single-key lookups', {
    connections: 32,
    overallRate: 1000,
    duration: DURATION,
  });
  const l = result.latency;
  console.log(
    `single-key lookup, autocannon overallRate 1000 with 32 connections (bursts at each second) for ${DURATION} s: ` +
      `${result.requests.total} requests, all 2xx; ` +
      `latency p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, max ${l.max} ms`,
  );
  const capacitySeconds = Math.min(10, DURATION);
  const cpuBefore = cpuMs(service.pid);
  const max = await lookups(service, 'capacity lookups', {
    connections: 8,
    duration: capacitySeconds,
  });
  const cpu = (cpuMs(service.pid) - cpuBefore) / max.requests.total;
  console.log(
    `single-key lookup, capacity (8 connections, no rate limit, ${capacitySeconds} s): ${Math.round(max.requests.average)} req/s, p50 ${max.latency.p50} ms, p99 ${max.latency.p99} ms; ` +
      `service CPU ${cpu.toFixed(3)} ms/request; load average ${loadAverage()}`,
  );
}

function lookupPath(): string {
  const k = randomKey();
  return `/v1/xref/${k.entityType}/${k.domain}/${k.sourceId}`;
}

async function batch(service: RunningService, size: number, runs: number): Promise<void> {
  const times: number[] = [];
  let cpu = 0;
  for (let i = 0; i < runs + 3; i++) {
    const body = JSON.stringify({ keys: Array.from({ length: size }, randomKey) });
    const cpuBefore = cpuMs(service.pid);
    const started = performance.now();
    const res = await fetch(`${service.baseUrl}/v1/xref/resolve`, {
      method: 'POST',
      headers: { ...service.headers, 'content-type': 'application/json' },
      body,
    });
    await expectOk(`POST /v1/xref/resolve (${size} keys)`, res);
    const parsed = (await res.json()) as { results?: unknown[] };
    const elapsed = performance.now() - started;
    if (parsed.results?.length !== size)
      throw new Error(`resolve of ${size} keys gave ${parsed.results?.length} results`);
    if (i >= 3) {
      // the first three warm up
      times.push(elapsed);
      cpu += cpuMs(service.pid) - cpuBefore;
    }
  }
  times.sort((a, b) => a - b);
  console.log(
    `batch resolve of ${size.toLocaleString('en')} keys, ${runs} requests: p50 ${ms(percentile(times, 50))}, p99 ${ms(percentile(times, 99))}, max ${ms(times[times.length - 1])}; ` +
      `service CPU ${(cpu / runs).toFixed(1)} ms/request; load average ${loadAverage()}`,
  );
}

/** Misspelt names of loaded entities ("First Last n" with a letter dropped), searched one by one. */
async function search(service: RunningService, runs: number): Promise<void> {
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < runs + 3; i++) {
    const started = performance.now();
    const route = `/v1/golden/search?entityType=person&limit=10&q=${encodeURIComponent(misspelt(i))}`;
    const res = await expectOk(
      `GET ${route}`,
      await fetch(`${service.baseUrl}${route}`, { headers: service.headers }),
    );
    const body = (await res.json()) as { results?: unknown[] };
    if (i >= 3) times.push(performance.now() - started); // the first three warm up
    if ((body.results?.length ?? 0) > 0) found++;
  }
  times.sort((a, b) => a - b);
  console.log(
    `search (misspelt names, ${SIZE.goldens.toLocaleString('en')} entities), ${runs} requests: p50 ${ms(percentile(times, 50))}, p99 ${ms(percentile(times, 99))}; ${found} of ${runs + 3} with results`,
  );
}

function misspelt(seed: number): string {
  const name = NAMES[seed % NAMES.length];
  const cut = 1 + (seed % (name.length - 2));
  return name.slice(0, cut) + name.slice(cut + 1);
}

const NAMES = [
  'Ada Lovelace',
  'Grace Hopper',
  'Alan Turing',
  'Edsger Dijkstra',
  'Barbara Liskov',
  'Donald Knuth',
  'Margaret Hamilton',
  'Radia Perlman',
];

async function exportAll(service: RunningService, format: 'ndjson' | 'csv'): Promise<void> {
  const before = memoryMb(service.pid, 'VmRSS');
  const reset = resetPeak(service.pid);
  let sampledPeak = before;
  const sampler = setInterval(
    () => (sampledPeak = Math.max(sampledPeak, memoryMb(service.pid, 'VmRSS'))),
    20,
  );
  const started = performance.now();
  const route = `/v1/xref/export?entityType=person&format=${format}`;
  const res = await expectOk(
    `GET ${route}`,
    await fetch(`${service.baseUrl}${route}`, { headers: service.headers }),
  );
  if (!res.body) throw new Error(`GET ${route} answered without a body`);
  let bytes = 0;
  let lines = 0;
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const peak = reset ? Math.max(memoryMb(service.pid, 'VmHWM'), sampledPeak) : sampledPeak;
  const rows = format === 'csv' ? lines - 1 : lines;
  console.log(
    `export ${format}: ${rows.toLocaleString('en')} rows, ${(bytes / 1024 / 1024).toFixed(0)} MB in ${seconds.toFixed(1)} s ` +
      `(${Math.round(rows / seconds).toLocaleString('en')} rows/s); service RSS ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB during` +
      (reset ? '' : ' (sampled every 20 ms: clear_refs not permitted)'),
  );
  if (rows !== SIZE.records) throw new Error(`export gave ${rows} rows, expected ${SIZE.records}`);
  if (peak >= MAX_EXPORT_RSS_MB)
    throw new Error(`export peak RSS ${peak.toFixed(0)} MB is over ${MAX_EXPORT_RSS_MB} MB`);
}

async function explain(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const plans: Array<[string, string, unknown[]]> = [
      [
        'key → current membership',
        `SELECT golden_id FROM golden_memberships m WHERE m.entity_type = $1 AND m.domain = $2 AND m.source_id = $3 AND m.valid_to IS NULL`,
        ['person', 'billing', 'B-77'],
      ],
      [
        'golden → current members',
        `SELECT domain, source_id FROM golden_memberships WHERE golden_id = md5('g77')::uuid::text AND valid_to IS NULL`,
        [],
      ],
      [
        'export (first 1,000)',
        exportQuery({ entityType: 'person', asOf: null, since: null, after: null, limit: 1000 }).sql,
        ['person', 1000],
      ],
      [
        'delta since 1 h ago',
        exportQuery({ entityType: 'person', asOf: null, since: 'x', after: null, limit: null }).sql,
        ['person', new Date(Date.now() - 3_600_000).toISOString()],
      ],
    ];
    for (const [label, sql, params] of plans) {
      const rows = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows as Array<{
        'QUERY PLAN': string;
      }>;
      console.log(`\n-- ${label}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    }
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  console.log(
    `cross-reference bench: ${SIZE.records.toLocaleString('en')} records, ${SIZE.goldens.toLocaleString('en')} golden entities, ${SIZE.merged.toLocaleString('en')} merges; database ${DB_NAME}`,
  );
  const url = await createDatabase(ADMIN_URL, DB_NAME);
  let service: RunningService | undefined;
  try {
    const started = Date.now();
    await load(url, SIZE, console.log);
    console.log(`loaded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (args.explain) await explain(url);
    service = await startService(url);
    console.log(
      `service pid ${service.pid} on ${service.baseUrl}, RSS ${memoryMb(service.pid, 'VmRSS').toFixed(0)} MB`,
    );
    await singleKey(service);
    await batch(service, 1000, REQUESTS);
    await batch(service, 10_000, Math.ceil(REQUESTS / 5));
    await search(service, Math.ceil(REQUESTS / 5));
    await exportAll(service, 'ndjson');
    await exportAll(service, 'csv');
  } finally {
    await service?.stop();
    if (!args.keep) await dropDatabase(ADMIN_URL, DB_NAME);
    else console.log(`kept database ${DB_NAME}`);
  }
}

main().catch((e: unknown) => {
  console.error(
    e instanceof RequestRefusedError
      ? `bench:resolve failed: ${e.message}`
      : e instanceof Error
        ? (e.stack ?? e.message)
        : String(e),
  );
  process.exit(1);
});
