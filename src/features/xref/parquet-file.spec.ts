import { DuckDBInstance } from '@duckdb/node-api';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compareUtf8, ParquetFileWriter } from './parquet-file';
import { encodeStruct } from './thrift-compact';

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

describe('ParquetFileWriter', () => {
  it('writes chunks of several pages, and the min/max statistics DuckDB reads', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'joinery-parquet-file-')), 'f.parquet');
    const writer = new ParquetFileWriter(createWriteStream(file), {
      columns: [
        { name: 'id', kind: 'int64' },
        { name: 'text', kind: 'string' },
      ],
      rowGroupRows: 30_000,
      keyValueMetadata: { k: 'v' },
    });
    // 40,000 rows of ~100 bytes: 4 MB of text, more than one page per chunk; the last string is above U+FFFF.
    for (let i = 0; i < 40_000; i++) {
      writer.column(0).addInt64(i - 5);
      writer
        .column(1)
        .addString(i === 39_999 ? '\u{1F600}' : `${String(i).padStart(6, '0')}${'x'.repeat(94)}`);
      await writer.endRow();
    }
    await writer.finish();
    expect(await query(`SELECT count(*)::int AS n, sum(id)::bigint AS s FROM '${file}'`)).toEqual([
      { n: 40_000, s: 799_780_000n },
    ]);
    const stats = await query(
      `SELECT row_group_id AS g, path_in_schema AS c, row_group_num_rows::int AS rows, stats_min_value AS min, stats_max_value AS max
         FROM parquet_metadata('${file}') ORDER BY 1, 2`,
    );
    // The text is over 64 bytes a value: no min/max rather than a cut max that is no upper bound.
    expect(stats).toEqual([
      { g: 0n, c: 'id', rows: 30_000, min: '-5', max: '29994' },
      { g: 0n, c: 'text', rows: 30_000, min: null, max: null },
      { g: 1n, c: 'id', rows: 10_000, min: '29995', max: '39994' },
      { g: 1n, c: 'text', rows: 10_000, min: null, max: null },
    ]);
    const pages = await query(
      `SELECT sum(total_uncompressed_size)::int AS bytes FROM parquet_metadata('${file}') WHERE row_group_id = 0 AND path_in_schema = 'text'`,
    );
    expect(pages[0].bytes).toBeGreaterThan(3_000_000); // more than one 1 MB page in the chunk
    const [max] = await query(`SELECT max(text) AS m FROM '${file}'`);
    expect(max.m).toBe('\u{1F600}');
    expect(
      await query(`SELECT key::varchar AS k, value::varchar AS v FROM parquet_kv_metadata('${file}')`),
    ).toEqual([{ k: 'k', v: 'v' }]);
  });
});

describe('compareUtf8', () => {
  it.each([
    ['a', 'b', -1],
    ['ab', 'a', 1],
    ['é', 'z', 1],
    ['\uFFFD', '\u{1F600}', -1], // UTF-16 order says the opposite
    ['same', 'same', 0],
  ])('%s against %s', (a, b, sign) => expect(Math.sign(compareUtf8(a, b))).toBe(sign));
});

describe('encodeStruct (Thrift compact)', () => {
  it.each([
    ['an i32 field, zigzag', { 1: { i32: -1 } }, [0x15, 0x01, 0x00]],
    ['a field id jump over 15', { 1: { i32: 1 }, 20: { bool: true } }, [0x15, 0x02, 0x01, 0x28, 0x00]],
    ['a string', { 4: { binary: 'ab' } }, [0x48, 0x02, 0x61, 0x62, 0x00]],
    [
      'a list of i32',
      { 2: { list: [{ i32: 0 }, { i32: 3 }], of: 'i32' as const } },
      [0x29, 0x25, 0x00, 0x06, 0x00],
    ],
    ['a nested struct', { 1: { struct: { 1: { i64: 300 } } } }, [0x1c, 0x16, 0xd8, 0x04, 0x00, 0x00]],
  ])('%s', (_, struct, bytes) => expect([...encodeStruct(struct)]).toEqual(bytes));
});

describe('ParquetFileWriter statistics of short strings', () => {
  it('orders them as UTF-8 bytes', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'joinery-parquet-file-')), 's.parquet');
    const writer = new ParquetFileWriter(createWriteStream(file), {
      columns: [{ name: 'text', kind: 'string' }],
      rowGroupRows: 10,
    });
    for (const s of ['m', '\u{1F600}', '\uFFFD', 'a']) {
      writer.column(0).addString(s);
      await writer.endRow();
    }
    await writer.finish();
    expect(
      await query(`SELECT stats_min_value AS min, stats_max_value AS max FROM parquet_metadata('${file}')`),
    ).toEqual([{ min: 'a', max: '\u{1F600}' }]);
  });
});
