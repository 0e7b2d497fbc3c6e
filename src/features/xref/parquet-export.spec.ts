import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { ExportRow } from './export-format';
import { writeParquet } from './parquet-export';

/** Files written through DuckDB, read back by DuckDB's reader (and hyparquet's, an independent implementation). */
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

/**
 * The file's rows as hyparquet (pure JavaScript, with hyparquet-compressors for ZSTD) reads them: a
 * reader that shares no code with DuckDB. It is ESM only, so it runs in a child Node process.
 */
function readWithHyparquet(file: string): Record<string, unknown>[] {
  const script = `
    import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
    import { compressors } from 'hyparquet-compressors';
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(process.argv[1]), compressors });
    console.log(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, file], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Record<string, unknown>[];
}

/** Every file of this spec, removed at the end. */
const specDir = mkdtempSync(path.join(tmpdir(), 'joinery-parquet-spec-'));
afterAll(() => rmSync(specDir, { recursive: true, force: true }));

async function writeFile(
  rows: ExportRow[],
  options: { delta: boolean; rowGroupRows?: number },
): Promise<string> {
  const file = path.join(mkdtempSync(path.join(specDir, 'case-')), 'x.parquet');
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
      Array.from({ length: 5000 }, (_, i) => row(i + 1)),
      { delta: false, rowGroupRows: 2048 },
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
    expect(groups.map((g) => g.n)).toEqual([2048, 2048, 904]);
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
    const read = readWithHyparquet(file);
    expect(read).toHaveLength(5000);
    // hyparquet makes a JS Date of a timestamp: milliseconds.
    expect(read[4999]).toEqual({
      entity_type: 'person',
      cursor: 5000,
      golden_id: 'g-2',
      domain: 'billing',
      source_id: 'S-5000',
      linked_at: '2026-11-25T10:00:03.120Z',
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

  it('streams the file to a reader slower than the writer', async () => {
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
    const file = path.join(mkdtempSync(path.join(specDir, 'case-')), 'slow.parquet');
    writeFileSync(file, Buffer.concat(chunks));
    expect(await query(`SELECT count(*)::int AS n FROM '${file}'`)).toEqual([{ n: 3000 }]);
  });

  it('keeps strings exactly: quotes, commas, line breaks, a leading =, an empty string, non-BMP characters', async () => {
    const awkward = ['a "quoted", id', 'two\nlines\r\n', '=1+1', '', 'caf\u00e9 \u{1f600}', 'NULL'];
    const file = await writeFile(
      awkward.map((sourceId, i) => row(i + 1, { sourceId, goldenId: `g'${i}` })),
      { delta: false },
    );
    const got = await query(`SELECT source_id, golden_id FROM '${file}' ORDER BY cursor`);
    expect(got).toEqual(awkward.map((sourceId, i) => ({ source_id: sourceId, golden_id: `g'${i}` })));
  });

  it('removes its temporary files, whether the export succeeds or fails', async () => {
    const tempDir = mkdtempSync(path.join(specDir, 'case-'));
    const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });
    // Already empty when the output finishes: the CLI's process may exit at that moment.
    let leftWhenFinished: string[] | undefined;
    const out = sink().once('finish', () => (leftWhenFinished = readdirSync(tempDir)));
    await writeParquet(Readable.from([row(1)]), out, { entityType: 'person', delta: false, tempDir });
    expect(leftWhenFinished).toEqual([]);
    const failing = Readable.from(
      (async function* () {
        yield row(1);
        throw new Error('connection lost');
      })(),
    );
    await expect(
      writeParquet(failing, sink(), { entityType: 'person', delta: false, tempDir }),
    ).rejects.toThrow('connection lost');
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('writes a valid empty file when there are no rows', async () => {
    const file = await writeFile([], { delta: false });
    expect(await query(`SELECT count(*)::int AS n FROM '${file}'`)).toEqual([{ n: 0 }]);
  });
});
