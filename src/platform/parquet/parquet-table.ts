import { DuckDBInstance } from '@duckdb/node-api';
import { createWriteStream } from 'node:fs';
import { FileHandle, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * One flat Apache Parquet file from a stream of rows, written by DuckDB (@duckdb/node-api, an
 * embedded engine kept by the DuckDB Foundation), with its own typed columns, dictionaries,
 * statistics and ZSTD pages: the crosswalk and golden exports (docs/xref.md#parquet).
 *
 * The rows go first to a temporary CSV file, written as they stream in (waiting for the disk to
 * drain), then one `COPY (SELECT ... FROM read_csv(...)) TO ... (FORMAT parquet)` streams that file
 * into the Parquet file, which is then streamed to `out`. Both sides keep memory flat: the staging is
 * 64 KB writes, and DuckDB's CSV scan reads 1 MB buffers and holds one row group at a time
 * (docs/benchmarks.md). DuckDB's appender was measured too: its per-value calls and the table it
 * fills grew the process by ~100 MB for 1,000,000 rows before the COPY began.
 */

export type ParquetType = 'VARCHAR' | 'BIGINT' | 'TIMESTAMPTZ';

export interface ParquetColumn {
  name: string;
  type: ParquetType;
}

export interface ParquetTableOptions {
  /** The staged columns, in the order of each row's values. */
  columns: readonly ParquetColumn[];
  /** Columns of one value for the whole file, placed first (not staged). */
  constants?: ReadonlyArray<{ name: string; value: string }>;
  /** Rows per row group; DuckDB rounds it up to a multiple of 2,048 (its vector). */
  rowGroupRows: number;
  /** The footer's key-value metadata. */
  metadata: Record<string, string>;
  /** Where the staged rows and the file are written (a folder of their own, removed at the end). */
  tempDir?: string;
}

/**
 * A row's values in `columns` order: null is SQL NULL; BIGINT as decimal digits, TIMESTAMPTZ as
 * RFC 3339 with an offset.
 */
export type ParquetRow = ReadonlyArray<string | null>;

/** A SQL string literal. */
export const sqlLiteral = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A CSV field: strings always quoted (so an empty string is no NULL), numbers and timestamps bare. */
const csvValue = (value: string | null, type: ParquetType): string =>
  value === null ? '' : type === 'VARCHAR' ? `"${value.replace(/"/g, '""')}"` : value;

const STAGE_CHUNK = 64 * 1024;

/** Writes `rows` to `out` as one Parquet file, then ends `out`. */
export async function writeParquetTable(
  rows: AsyncIterable<ParquetRow>,
  out: Writable,
  options: ParquetTableOptions,
): Promise<void> {
  const dir = await mkdtemp(path.join(options.tempDir ?? tmpdir(), 'joinery-parquet-'));
  let file: FileHandle;
  try {
    const staged = path.join(dir, 'rows.csv');
    await pipeline(csvChunks(rows, options.columns), createWriteStream(staged));
    const written = path.join(dir, 'export.parquet');
    await copyToParquet(staged, written, options);
    file = await open(written, 'r');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // Read through the open handle of a file already removed: nothing is left on disk however the
  // reading ends, even when the process exits as soon as `out` has finished (the CLI).
  await pipeline(file.createReadStream(), out);
}

/** The rows as CSV lines, in chunks of about 64 KB. */
async function* csvChunks(
  rows: AsyncIterable<ParquetRow>,
  columns: readonly ParquetColumn[],
): AsyncGenerator<string> {
  let chunk = '';
  for await (const row of rows) {
    chunk += `${columns.map((c, i) => csvValue(row[i], c.type)).join(',')}\n`;
    if (chunk.length >= STAGE_CHUNK) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * One DuckDB instance per file, in memory, on one thread (the service's other work keeps the
 * other core), spilling to the file's temporary folder past its memory limit.
 */
async function copyToParquet(staged: string, file: string, o: ParquetTableOptions): Promise<void> {
  if (!Number.isSafeInteger(o.rowGroupRows) || o.rowGroupRows < 1)
    throw new Error(`bad row group size ${o.rowGroupRows}`);
  const db = await DuckDBInstance.create(':memory:', {
    threads: '1',
    memory_limit: '256MB',
    temp_directory: path.dirname(file),
  });
  const connection = await db.connect();
  try {
    const columns = o.columns.map((c) => `${sqlLiteral(c.name)}: ${sqlLiteral(c.type)}`).join(', ');
    const constants = (o.constants ?? []).map(
      (c) => `${sqlLiteral(c.value)} AS "${c.name.replace(/"/g, '""')}", `,
    );
    const metadata = Object.entries(o.metadata)
      .map(([k, v]) => `${sqlLiteral(k)}: ${sqlLiteral(v)}`)
      .join(', ');
    await connection.run(
      `COPY (
         SELECT ${constants.join('')}*
           FROM read_csv(${sqlLiteral(staged)}, header = false, auto_detect = false, delim = ',', quote = '"',
                         escape = '"', allow_quoted_nulls = false, buffer_size = 1048576,
                         columns = {${columns}})
       ) TO ${sqlLiteral(file)}
       (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${o.rowGroupRows}, KV_METADATA {${metadata}})`,
    );
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}
