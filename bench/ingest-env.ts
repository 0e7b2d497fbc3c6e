/**
 * The real infrastructure of the ingestion benchmarks: a Kafka broker (KAFKA_BROKERS, or the
 * Maven-built one from scripts/kafka, started if needed and held by a lease), a fresh PostgreSQL
 * database per run on BENCH_DATABASE_URL's server, unique topics, and the service itself as child
 * processes running the build in dist/ (the one `npm run build` just made), sampled for memory.
 * Everything a run creates (databases, topics, processes) is removed when it ends.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

/**
 * The repository root (matchers, Kafka scripts): the nearest directory above this file with a
 * package.json, so the bench runs from dist/bench/ and from the integration tests' build alike.
 */
export const REPO = ((dir: string): string => {
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})(path.resolve(__dirname, '..'));
/** The service built together with this bench (dist/src/main.js for `npm run bench:*`). */
const SERVICE_MAIN = path.resolve(__dirname, '../src/main.js');
const KAFKA_SCRIPTS = path.join(REPO, 'scripts/kafka');
export const PARTITIONS = 6;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

// ---------------------------------------------------------------- Kafka

export interface Broker {
  brokers: string[];
  kafka: Kafka;
  release(): Promise<void>;
}

function runScript(script: string): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      [path.join(KAFKA_SCRIPTS, script)],
      { env: { ...process.env, KAFKA_LEASE_PID: String(process.pid) }, timeout: 300_000 },
      (error, stdout, stderr) => resolve({ ok: !error, output: `${stdout}${stderr}` }),
    );
  });
}

/** KAFKA_BROKERS, else the broker of `npm run kafka:start` (started now if it is not running). */
export async function ensureBroker(): Promise<Broker> {
  let brokers = process.env.KAFKA_BROKERS?.split(',').map((b) => b.trim());
  let startedHere = false;
  if (!brokers?.length) {
    const start = await runScript('start-kafka.sh');
    const status = /^kafka-status: (started|already-running) (\S+)$/m.exec(start.output);
    if (!start.ok || !status) throw new Error(`scripts/kafka/start-kafka.sh failed:\n${start.output}`);
    brokers = [status[2]];
    startedHere = status[1] === 'started';
  }
  const kafka = new Kafka({ clientId: 'joinery-bench', brokers, logLevel: logLevel.ERROR });
  return {
    brokers,
    kafka,
    release: async () => {
      // A broker this run started is stopped (unless JOINERY_KEEP_KAFKA=1), and only once no other
      // live process holds a lease on it; a lease of a finished process is ignored by the scripts.
      if (startedHere && process.env.JOINERY_KEEP_KAFKA !== '1') await runScript('stop-kafka.sh');
    },
  };
}

export interface Topics {
  changes: string;
  dlq: string;
  golden: string;
}

export async function createTopics(kafka: Kafka, prefix: string): Promise<Topics> {
  const base = uniqueName(prefix).replace(/_/g, '.');
  const topics = { changes: `${base}.changes`, dlq: `${base}.dlq`, golden: `${base}.golden` };
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: topics.changes, numPartitions: PARTITIONS, replicationFactor: 1 },
        { topic: topics.dlq, numPartitions: 1, replicationFactor: 1 },
        { topic: topics.golden, numPartitions: PARTITIONS, replicationFactor: 1 },
      ],
    });
  } finally {
    await admin.disconnect();
  }
  return topics;
}

export async function deleteTopics(kafka: Kafka, topics: Topics): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [topics.changes, topics.dlq, topics.golden], timeout: 30_000 });
  } catch (e) {
    log(`could not delete topics ${topics.changes}.*: ${String(e)}`);
  } finally {
    await admin.disconnect();
  }
}

/** Messages still to be consumed by `groupId` (high watermark − committed offset, summed). */
export async function consumerLag(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [high, [committed]] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const done = new Map(committed.partitions.map((p) => [p.partition, Number(p.offset)]));
  let lag = 0;
  for (const p of high) lag += Number(p.high) - Math.max(0, done.get(p.partition) ?? 0);
  return lag;
}

/** Waits until `members` consumers share the group and every partition is assigned. */
export async function waitForGroup(admin: Admin, groupId: string, members: number, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { groups } = await admin.describeGroups([groupId]);
    const g = groups[0];
    if (g?.state === 'Stable' && g.members.length === members) return;
    if (Date.now() > deadline)
      throw new Error(`group ${groupId}: ${g?.state} with ${g?.members.length ?? 0} of ${members} members`);
    await sleep(200);
  }
}

// ---------------------------------------------------------------- PostgreSQL

export function adminDatabaseUrl(): string {
  return process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function sql<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url, application_name: 'joinery-bench' });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

export interface BenchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** An empty database; the service migrates it when it starts. */
export async function createDatabase(
  prefix = 'joinery_bench',
  admin = adminDatabaseUrl(),
): Promise<BenchDatabase> {
  const name = uniqueName(prefix);
  await sql(admin, `CREATE DATABASE "${name}"`);
  return {
    url: withDatabase(admin, name),
    name,
    drop: () => sql(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined),
  };
}

/** pg_stat_statements in this database, when the server preloads it; false otherwise. */
export async function enableStatements(url: string): Promise<boolean> {
  try {
    await sql(url, `CREATE EXTENSION IF NOT EXISTS pg_stat_statements`);
    await sql(url, `SELECT pg_stat_statements_reset()`);
    return true;
  } catch {
    return false;
  }
}

export async function topStatements(url: string, limit = 15): Promise<string[]> {
  const rows = await sql<{ calls: string; total: number; mean: number; rows: string; query: string }>(
    url,
    `SELECT calls::text, total_exec_time AS total, mean_exec_time AS mean, rows::text,
            regexp_replace(query, '\\s+', ' ', 'g') AS query
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = current_database()
      ORDER BY total_exec_time DESC LIMIT $1`,
    [limit],
  );
  return rows.map(
    (r) =>
      `${(r.total / 1000).toFixed(1).padStart(7)} s ${r.calls.padStart(8)} calls ${r.mean.toFixed(2).padStart(8)} ms/call ${r.rows.padStart(9)} rows  ${r.query.slice(0, 150)}`,
  );
}

/**
 * Time inside the row-lock statements of resolution since the last reset, from pg_stat_statements:
 * the lock buckets and the golden entities. A lock statement's own work is a few ms (index probes);
 * the rest of its time is waiting for another transaction's locks.
 */
export async function lockStatements(url: string): Promise<{ buckets: number; goldens: number }> {
  const [row] = await sql<{ buckets: number | null; goldens: number | null }>(
    url,
    `SELECT sum(total_exec_time) FILTER (WHERE query LIKE '%FROM resolution_lock_buckets WHERE%FOR UPDATE%') AS buckets,
            sum(total_exec_time) FILTER (WHERE query LIKE '%FROM golden_entities%FOR UPDATE%') AS goldens
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = current_database()`,
  );
  return { buckets: row.buckets ?? 0, goldens: row.goldens ?? 0 };
}

// ---------------------------------------------------------------- the service

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ (100 on Linux)
  } catch {
    return 0;
  }
}

/**
 * CPU used by the PostgreSQL backends serving one database (same machine only): samples their
 * pids from pg_stat_activity every second and sums what each used since `start()`. Background
 * processes (WAL writer, checkpointer, autovacuum) are not counted.
 */
export class PostgresCpu {
  private readonly base = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly url: string) {}

  async start(): Promise<void> {
    for (const pid of await this.pids()) this.base.set(pid, cpuSeconds(pid));
    this.timer = setInterval(() => void this.sample(), 1000);
  }

  private async pids(): Promise<number[]> {
    const rows = await sql<{ pid: number }>(
      this.url,
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    return rows.map((r) => r.pid);
  }

  private async sample(): Promise<void> {
    try {
      for (const pid of await this.pids()) {
        const used = cpuSeconds(pid);
        if (used > 0) this.last.set(pid, used);
        if (!this.base.has(pid)) this.base.set(pid, 0);
      }
    } catch {
      // the database is being dropped
    }
  }

  /** CPU seconds used since start() by the backends seen. */
  async stop(): Promise<number> {
    if (this.timer) clearInterval(this.timer);
    await this.sample();
    let total = 0;
    for (const [pid, used] of this.last) total += Math.max(0, used - (this.base.get(pid) ?? 0));
    return total;
  }
}

/**
 * The whole machine's CPU over an interval, from /proc/stat: how many cores were busy on average
 * (user, nice, system, irq, softirq, steal) out of how many there are. Says whether a window was
 * bound by CPU (no idle core left for more parallelism) or by waiting.
 */
export class MachineCpu {
  private readonly before = MachineCpu.read();

  private static read(): { busy: number; total: number } {
    const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait };
  }

  /** Average busy cores since construction, and the machine's core count. */
  stop(): { busyCores: number; cores: number } {
    const now = MachineCpu.read();
    const cores = os.cpus().length;
    const share = (now.busy - this.before.busy) / Math.max(1, now.total - this.before.total);
    return { busyCores: share * cores, cores };
  }
}

export interface Service {
  readonly pid: number;
  readonly port: number;
  /** CPU seconds the process has used so far. */
  cpuSeconds(): number;
  /** Peak resident set size so far (VmHWM), in MB. */
  peakRssMb(): number;
  /** null while the process runs; how it ended otherwise ("exit code 1", "signal SIGKILL"). */
  exited(): string | null;
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * One instance of the service from dist/ (or `options.main`: the tests' build), ready (GET
 * /health/ready is 200) when this resolves.
 */
export async function startService(
  env: Record<string, string>,
  options: { cpuProfileDir?: string; main?: string } = {},
): Promise<Service> {
  const port = await freePort();
  const nodeArgs = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, options.main ?? SERVICE_MAIN], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-200_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, statusMb(child.pid!, 'VmHWM'))), 1000);
  const service: Service = {
    pid: child.pid!,
    port,
    peakRssMb: () => Math.max(peak, statusMb(child.pid!, 'VmHWM')),
    cpuSeconds: () => cpuSeconds(child.pid!),
    exited: () =>
      child.exitCode !== null
        ? `exit code ${child.exitCode}`
        : child.signalCode !== null
          ? `signal ${child.signalCode}`
          : null,
    output: () => out,
    stop: async () => {
      peak = service.peakRssMb();
      clearInterval(sampler);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}:\n${out}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200) return service;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await service.stop();
      throw new Error(`the service was not ready within 120 s:\n${out}`);
    }
    await sleep(200);
  }
}

/** The resolution calls an instance made so far (joinery_resolution_batch_seconds, summed over types). */
export async function resolutionBatches(
  service: Service,
): Promise<{ seconds: number; count: number; lockedSeconds: number }> {
  const text = await (await fetch(`http://127.0.0.1:${service.port}/metrics`)).text();
  const total = (name: string) =>
    [...text.matchAll(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'gm'))].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );
  return {
    seconds: total('joinery_resolution_batch_seconds_sum'),
    count: total('joinery_resolution_batch_seconds_count'),
    lockedSeconds: total('joinery_resolution_locked_seconds_sum'),
  };
}

/** The environment of every instance of one run: one database, one consumer group, the run's topics. */
export function serviceEnv(
  databaseUrl: string,
  brokers: string[],
  topics: Topics,
  groupId: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_GROUP_ID: groupId,
    KAFKA_TOPIC_ENTITY_CHANGES: topics.changes,
    KAFKA_TOPIC_DLQ: topics.dlq,
    KAFKA_TOPIC_GOLDEN_CHANGES: topics.golden,
    MATCHERS_DIR: path.join(REPO, 'matchers'),
    // No automatic corpus-statistics refresh: its roll-out would re-evaluate the store whenever the
    // timer happens to fire, so CPU per record and the partition would depend on the run's speed.
    CORPUS_STATS_GROWTH_FACTOR: '0',
    ...extra,
  };
}

// ---------------------------------------------------------------- figures

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function machine(): string {
  const cpus = (() => {
    try {
      return readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? 'unknown CPU';
    } catch {
      return 'unknown CPU';
    }
  })();
  const cores = os.availableParallelism();
  return `${cores} cores (${cpus}), Node ${process.versions.node}`;
}

export function uniqueGroup(prefix: string): string {
  return uniqueName(prefix);
}
