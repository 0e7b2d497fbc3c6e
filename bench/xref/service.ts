/**
 * Runs the built service (the src/main.js built beside this bench) as a child process against the
 * bench database, with an admin API key of its own (every route but /health needs one), and reads
 * its memory from /proc: VmRSS now, VmHWM (peak) since the last reset.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Only the entity type has to be known to the service; the bench loads data, it does not match. */
const PERSON_MATCHER = `
description: bench persons
attributes:
  name: { normalizers: [person_name] }
blocking:
  max_block_size: 50
  rules:
    - { name: name, keys: [exact(name)] }
comparisons:
  - name: name
    attribute: name
    levels:
      - { kind: null }
      - { kind: exact, m: 0.9, u: 0.001 }
      - { kind: else, m: 0.1, u: 0.999 }
thresholds: { match: 0.95, review: 0.5 }
prior: 0.001
`;

export interface RunningService {
  baseUrl: string;
  /** `authorization: Bearer <the service's admin key>`, for every request. */
  headers: Record<string, string>;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * The bench measures capacity, so the per-key rate limit (6,000 a minute by default) is lifted
 * unless the environment sets one.
 */
const BENCH_RATE_LIMIT_PER_MINUTE = String(1_000_000_000);

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitReady(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${baseUrl}/health/ready`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the service was not ready within ${timeoutMs} ms`);
}

/** A fresh MATCHERS_DIR with the bench's person matcher. */
export function benchMatchersDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'joinery-bench-xref-'));
  writeFileSync(join(dir, 'person.yaml'), PERSON_MATCHER);
  return dir;
}

/** `extra` is added to the environment; without KAFKA_BROKERS in it, the service runs without Kafka. */
export async function startService(
  databaseUrl: string,
  extra: NodeJS.ProcessEnv = {},
): Promise<RunningService> {
  const dir = benchMatchersDir();
  const port = await freePort();
  const logFile = join(dir, 'service.log');
  const out = openSync(logFile, 'a');
  const apiKey = `bench-${randomBytes(24).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    RATE_LIMIT_PER_MINUTE: BENCH_RATE_LIMIT_PER_MINUTE,
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    MATCHERS_DIR: dir,
    LOG_LEVEL: 'warn',
    ADMIN_API_KEY: apiKey,
  };
  // Without Kafka unless asked for: the read-path benches measure the read path only.
  delete env.KAFKA_BROKERS;
  Object.assign(env, extra);
  const child = spawn(process.execPath, [resolve(__dirname, '../../src/main.js')], {
    env,
    stdio: ['ignore', out, out],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitReady(baseUrl, child, 60_000);
  return {
    baseUrl,
    headers: { authorization: `Bearer ${apiKey}` },
    pid: child.pid!,
    logFile,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** A /proc/<pid>/status field in MB (VmRSS: resident now; VmHWM: peak resident). */
export function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Resets VmHWM to the current RSS (Linux clear_refs "5"); false when not permitted. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * CPU the process has used so far (user + system), in ms, from /proc/<pid>/stat. Per request it is
 * steadier than latency on a shared machine: it counts the service's own work, not its waiting.
 */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat(5), counted from the state (field 3) here.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK) is not reachable from Node). */
const CLOCK_TICKS = 100;

/** The 1-minute load average, for the record of a run on a shared machine. */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
}
