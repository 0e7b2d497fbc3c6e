import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { SyntheticDataset } from '../../src/cli/generator';
import type { RawMessage } from '../ingestion/support/kafka-events';

/**
 * Shared by the fault drills (docs/reliability.md): the workload, the state to compare, and the
 * measurements. Each drill prints one `[drill]` line with its figures, copied into the docs.
 */
export const REPO = path.resolve(__dirname, '../..');
/** The shipped matchers: the drills resolve realistic customers, not a toy config. */
export const MATCHERS_DIR = path.join(REPO, 'matchers');

/** Drill size: the CI default, or DRILL_EVENTS for the full-size scripted drill (npm run drill:*). */
export function drillEvents(ciDefault: number): number {
  const n = Number(process.env.DRILL_EVENTS ?? ciDefault);
  if (!Number.isInteger(n) || n < 100)
    throw new Error(`DRILL_EVENTS must be an integer >= 100, got ${process.env.DRILL_EVENTS}`);
  return n;
}

/** A drill's time budget, scaled for the full-size run. */
export const budget = (ms: number, events: number, ciEvents: number): number =>
  Math.max(ms, Math.round((ms * events) / ciEvents));

/** Seeded synthetic customers over 3 domains, as keyed Kafka messages, with some updates. */
export function customerStream(records: number, seed = 7, updates = Math.floor(records / 10)): RawMessage[] {
  const ds = new SyntheticDataset({ entityType: 'customer', records, domains: 3, seed });
  return [...ds.events({ updates })].map((e) => ({
    key: `${e.domain}:${e.entityType}:${e.sourceId}`,
    value: JSON.stringify(e),
  }));
}

export async function query<T = Record<string, unknown>>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function countOf(url: string, sql: string): Promise<number> {
  return Number((await query<{ n: string }>(url, `SELECT (${sql})::text AS n`))[0].n);
}

/** Every source record as `domain:sourceId=sha(attributes)`, sorted: two stores hold the same records. */
export async function recordDigest(url: string): Promise<string[]> {
  const rows = await query<{ k: string }>(
    url,
    `SELECT domain || ':' || source_id || '=' || md5(attributes::text) || ':' || deleted AS k FROM source_records ORDER BY 1`,
  );
  return rows.map((r) => r.k);
}

/** The partition of live records into golden entities, as sorted member lists (golden ids aside). */
export async function partitionOf(url: string): Promise<string[][]> {
  const rows = await query<{ members: string[] }>(
    url,
    `SELECT array_agg(domain || ':' || source_id ORDER BY domain, source_id) AS members FROM resolution_records GROUP BY golden_id`,
  );
  return rows.map((r) => r.members).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Golden ids whose outbox versions are not exactly 1..n. */
export async function versionGaps(url: string): Promise<string[]> {
  const rows = await query<{ golden_id: string }>(
    url,
    `SELECT golden_id FROM golden_outbox GROUP BY golden_id HAVING min(version) <> 1 OR max(version) <> count(*) OR count(DISTINCT version) <> count(*)`,
  );
  return rows.map((r) => r.golden_id);
}

/** Resident set size of a process, in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/**
 * A TCP proxy that delays every chunk from the server by `delayMs` (in order): a slow database,
 * as seen by the service, without touching the database itself.
 */
export class LatencyProxy {
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(host: string, port: number, delayMs: number): Promise<LatencyProxy> {
    let proxy: LatencyProxy | null = null;
    const server = net.createServer((client) => {
      const upstream = net.connect(port, host);
      for (const s of [client, upstream]) {
        proxy?.sockets.add(s);
        s.on('close', () => proxy?.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream);
      // Each chunk leaves `delayMs` after it arrived; a chain keeps their order.
      let chain = Promise.resolve();
      upstream.on('data', (chunk: Buffer) => {
        const due = Date.now() + delayMs;
        chain = chain.then(
          () =>
            new Promise<void>((resolve) =>
              setTimeout(
                () => {
                  if (!client.destroyed) client.write(chunk);
                  resolve();
                },
                Math.max(0, due - Date.now()),
              ),
            ),
        );
      });
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => void chain.then(() => client.destroy()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new LatencyProxy(server, (server.address() as net.AddressInfo).port);
    return proxy;
  }

  urlFor(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** One `[drill]` line for the log, and for docs/reliability.md. */
export function report(name: string, figures: Record<string, unknown>): void {
  process.stdout.write(`[drill] ${name}: ${JSON.stringify(figures)}\n`);
}
