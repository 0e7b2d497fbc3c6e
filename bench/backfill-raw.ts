/**
 * The raw limit of a backfill (`npm run bench:backfill -- --raw`): PostgreSQL writing the rows a
 * backfill left, and nothing else. Every table of the backfilled database is copied, `COPY TO` into
 * `COPY FROM`, into a fresh database with the same migrations (so the same indexes, constraints and
 * triggers), in one transaction as the backfill writes, parents before children. No reading of
 * events, no matching, no golden rules: what is left is the cost of the rows themselves, the floor
 * under any backfill that writes this schema.
 */
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { runMigrations } from '../src/platform/database/migrate';
import { createDatabase, PostgresCpu, sql, type BenchDatabase } from './ingest-env';

export interface RawCopy {
  seconds: number;
  /** CPU seconds of the target database's backends. */
  pgCpuSeconds: number;
  rows: number;
  tables: Array<{ table: string; rows: number; seconds: number }>;
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The tables holding rows, parents first (foreign keys), with their writable columns. */
async function tablesInOrder(url: string): Promise<Array<{ table: string; columns: string[] }>> {
  const tables = await sql<{ table: string; columns: string[]; parents: string[] }>(
    url,
    `SELECT c.relname AS table,
            (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a
              WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS columns,
            coalesce((SELECT array_agg(DISTINCT p.relname::text) FROM pg_constraint f JOIN pg_class p ON p.oid = f.confrelid
                       WHERE f.conrelid = c.oid AND f.contype = 'f' AND f.confrelid <> c.oid), '{}') AS parents
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'`,
  );
  const byName = new Map(tables.map((t) => [t.table, t]));
  const ordered: Array<{ table: string; columns: string[] }> = [];
  const done = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    if (done.has(name)) return;
    if (path.includes(name)) throw new Error(`foreign keys form a cycle: ${[...path, name].join(' -> ')}`);
    const t = byName.get(name)!;
    for (const parent of t.parents) if (byName.has(parent)) visit(parent, [...path, name]);
    done.add(name);
    ordered.push({ table: t.table, columns: t.columns });
  };
  for (const t of tables) visit(t.table, []);
  return ordered;
}

/** Copies every table of `sourceUrl` into a fresh migrated database; drops it afterwards. */
export async function rawCopy(sourceUrl: string): Promise<RawCopy> {
  const target: BenchDatabase = await createDatabase('joinery_backfill_raw');
  const source = new Client({ connectionString: sourceUrl });
  const writer = new Client({ connectionString: target.url });
  try {
    await runMigrations(target.url);
    await source.connect();
    await writer.connect();
    // Tables the migrations fill (their own ledger, seeded rows) are the same on both sides.
    const seeded = new Set<string>();
    for (const { table } of await tablesInOrder(target.url)) {
      const rows = await writer.query(`SELECT 1 FROM ${quote(table)} LIMIT 1`);
      if (rows.rowCount) seeded.add(table);
    }
    const tables = (await tablesInOrder(sourceUrl)).filter((t) => !seeded.has(t.table));
    const pgCpu = new PostgresCpu(target.url);
    await pgCpu.start();
    const started = Date.now();
    const copied: RawCopy['tables'] = [];
    await writer.query('BEGIN');
    for (const { table, columns } of tables) {
      const list = columns.map(quote).join(', ');
      const began = Date.now();
      const into = writer.query(copyFrom(`COPY ${quote(table)} (${list}) FROM STDIN`));
      await pipeline(source.query(copyTo(`COPY ${quote(table)} (${list}) TO STDOUT`)), into);
      copied.push({ table, rows: Number(into.rowCount), seconds: (Date.now() - began) / 1000 });
    }
    await writer.query('COMMIT');
    const seconds = (Date.now() - started) / 1000;
    return {
      seconds,
      pgCpuSeconds: await pgCpu.stop(),
      rows: copied.reduce((n, t) => n + t.rows, 0),
      tables: copied.filter((t) => t.rows > 0),
    };
  } finally {
    await source.end().catch(() => undefined);
    await writer.end().catch(() => undefined);
    await target.drop();
  }
}
