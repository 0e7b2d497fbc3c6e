import { DuckDBInstance } from '@duckdb/node-api';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { ExportRow } from './export-format';
import { epochMicros, writeParquet } from './parquet-export';

/** Files written by parquet-file.ts, read back by DuckDB: an independent Parquet implementation. */
async function query(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}

async function writeFile(
  rows: ExportRow[],
  options: { delta: boolean; rowGroupRows?: number },
): Promise<string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'joinery-parquet-')), 'x.parquet');
  await writeParquet(Readable.from(rows), createWriteStream(file), { entityType: 'person', ...options });
  return file;
}

const row = (i: number, extra: Partial<ExportRow> = {}): ExportRow => ({
  cursor: String(i),
  goldenId: `g-${i % 7}`,
  domain: i % 2 ? 'crm' : 'billing',
  sourceId: `S-${i}`,
  linkedAt: '2026-11-25T10:00:03.120391Z',
  ...extra,
});

describe('writeParquet', () => {
  it('writes the snapshot columns with their types, in row groups of the given size', async () => {
    const file = await writeFile(
      Array.from({ length: 2500 }, (_, i) => row(i + 1)),
      { delta: false, rowGroupRows: 1000 },
    );
    const columns = await query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '${file}')`);
    expect(columns).toEqual([
      { column_name: 'entity_type', column_type: 'VARCHAR' },
      { column_name: 'cursor', column_type: 'BIGINT' },
      { column_name: 'golden_id', column_type: 'VARCHAR' },
      { column_name: 'domain', column_type: 'VARCHAR' },
      { column_name: 'source_id', column_type: 'VARCHAR' },
      { column_name: 'linked_at', column_type: 'TIMESTAMP WITH TIME ZONE' },
    ]);
    const groups = await query(
      `SELECT row_group_id, any_value(row_group_num_rows)::int AS n FROM parquet_metadata('${file}') GROUP BY 1 ORDER BY 1`,
    );
    expect(groups.map((g) => g.n)).toEqual([1000, 1000, 500]);
    const [first] = await query(
      `SELECT entity_type, cursor::int AS cursor, golden_id, domain, source_id,
              strftime(linked_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ') AS linked_at
         FROM '${file}' ORDER BY cursor LIMIT 1`,
    );
    expect(first).toEqual({
      entity_type: 'person',
      cursor: 1,
      golden_id: 'g-1',
      domain: 'crm',
      source_id: 'S-1',
      linked_at: '2026-11-25T10:00:03.120391Z',
    });
  });

  it('writes delta lines: a row opened and closed in the window gives added then removed', async () => {
    const file = await writeFile(
      [
        row(1, { added: true, removed: true, unlinkedAt: '2026-11-26T00:00:00.000001Z' }),
        row(2, { added: false, removed: true, unlinkedAt: '2026-11-27T00:00:00.000000Z' }),
      ],
      { delta: true },
    );
    const lines = await query(
      `SELECT cursor::int AS cursor, op, strftime(changed_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%f') AS at FROM '${file}'`,
    );
    expect(lines).toEqual([
      { cursor: 1, op: 'added', at: '2026-11-25T10:00:03.120391' },
      { cursor: 1, op: 'removed', at: '2026-11-26T00:00:00.000001' },
      { cursor: 2, op: 'removed', at: '2026-11-27T00:00:00.000000' },
    ]);
  });

  it('finishes a file whose reader is slower than the writer (backpressure on every flush, the last one too)', async () => {
    const chunks: Buffer[] = [];
    const slow = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        setTimeout(done, 5);
      },
    });
    await writeParquet(Readable.from(Array.from({ length: 3000 }, (_, i) => row(i + 1))), slow, {
      entityType: 'person',
      delta: false,
      rowGroupRows: 1000,
    });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'joinery-parquet-')), 'slow.parquet');
    writeFileSync(file, Buffer.concat(chunks));
    expect(await query(`SELECT count(*)::int AS n FROM '${file}'`)).toEqual([{ n: 3000 }]);
  });

  it('writes a valid empty file when there are no rows', async () => {
    const file = await writeFile([], { delta: false });
    expect(await query(`SELECT count(*)::int AS n FROM '${file}'`)).toEqual([{ n: 0 }]);
  });
});

describe('epochMicros', () => {
  it('keeps the microseconds a JS Date would drop', () => {
    expect(epochMicros('1970-01-01T00:00:01.000002Z')).toBe(1_000_002);
    expect(() => epochMicros('2026-11-25T10:00:03Z')).toThrow();
  });
});
