import { DuckDBInstance } from '@duckdb/node-api';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DELTA_COLUMNS, ExportRow, linesOf, SNAPSHOT_COLUMNS } from './export-format';

/**
 * The crosswalk export as Apache Parquet (docs/xref.md#parquet), for query engines that read files
 * from a lake. Rows come from the same query and the same line shapes as the ndjson/CSV export
 * (export-format.ts); DuckDB (@duckdb/node-api, an embedded engine kept by the DuckDB Foundation)
 * writes the file, with its own typed columns, dictionaries, statistics and ZSTD pages.
 *
 * The rows go first to a temporary CSV file, written as they stream from PostgreSQL (waiting for the
 * disk to drain), then one `COPY (SELECT ... FROM read_csv(...)) TO ... (FORMAT parquet)` streams that
 * file into the Parquet file, which is then streamed to the client. Both sides keep memory flat:
 * the staging is 64 KB writes, and DuckDB's CSV scan reads 1 MB buffers and holds one row group at a
 * time (docs/benchmarks.md). DuckDB's appender was measured too: its per-value calls and the
 * table it fills grew the process by ~100 MB for 1,000,000 rows before the COPY began.
 */

/**
 * Rows per row group: DuckDB's own size. Engines read a row group as a unit and skip whole groups by
 * their statistics. DuckDB holds a group uncompressed while writing it (~40 MB here; the maximum:
 * xref-limits.ts) and rounds it up to a multiple of 2,048 rows (its vector).
 */
export const PARQUET_ROW_GROUP_ROWS = 122_880;

/** Parquet column (snake_case, for SQL) of each export field, with its DuckDB type. */
const COLUMNS: Record<string, { name: string; type: 'BIGINT' | 'VARCHAR' | 'TIMESTAMPTZ' }> = {
  cursor: { name: 'cursor', type: 'BIGINT' },
  op: { name: 'op', type: 'VARCHAR' },
  at: { name: 'changed_at', type: 'TIMESTAMPTZ' },
  goldenId: { name: 'golden_id', type: 'VARCHAR' },
  domain: { name: 'domain', type: 'VARCHAR' },
  sourceId: { name: 'source_id', type: 'VARCHAR' },
  linkedAt: { name: 'linked_at', type: 'TIMESTAMPTZ' },
};

export interface ParquetOptions {
  entityType: string;
  delta: boolean;
  rowGroupRows?: number;
  /** Where the staged rows and the file are written (a folder of their own, removed at the end). */
  tempDir?: string;
}

/** A SQL string literal. */
const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A CSV field: strings always quoted (so an empty string is no NULL), numbers and timestamps bare. */
const csvValue = (value: string, type: string): string =>
  type === 'VARCHAR' ? `"${value.replace(/"/g, '""')}"` : value;

const STAGE_CHUNK = 64 * 1024;

/** Writes `rows` (the export query's stream) to `out` as one Parquet file, then ends `out`. */
export async function writeParquet(rows: Readable, out: Writable, options: ParquetOptions): Promise<void> {
  const dir = await mkdtemp(path.join(options.tempDir ?? tmpdir(), 'joinery-parquet-'));
  try {
    const fields = options.delta ? DELTA_COLUMNS : SNAPSHOT_COLUMNS;
    const staged = path.join(dir, 'rows.csv');
    await pipeline(csvChunks(rows, fields, options.delta), createWriteStream(staged));
    const file = path.join(dir, 'export.parquet');
    await copyToParquet(staged, file, fields, options);
    await rm(staged);
    await pipeline(createReadStream(file), out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The export's lines as CSV rows in `fields` order, in chunks of about 64 KB. */
async function* csvChunks(rows: Readable, fields: readonly string[], delta: boolean): AsyncGenerator<string> {
  let chunk = '';
  for await (const row of rows as AsyncIterable<ExportRow>) {
    for (const line of linesOf(row, delta)) {
      chunk += `${fields.map((f) => csvValue(line[f], COLUMNS[f].type)).join(',')}\n`;
    }
    if (chunk.length >= STAGE_CHUNK) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * One DuckDB instance per export, in memory, on one thread (the service's other work keeps the
 * other core), spilling to the export's temporary folder past its memory limit.
 */
async function copyToParquet(
  staged: string,
  file: string,
  fields: readonly string[],
  options: ParquetOptions,
): Promise<void> {
  const db = await DuckDBInstance.create(':memory:', {
    threads: '1',
    memory_limit: '256MB',
    temp_directory: path.dirname(file),
  });
  const connection = await db.connect();
  try {
    const columns = fields.map((f) => `${literal(COLUMNS[f].name)}: ${literal(COLUMNS[f].type)}`).join(', ');
    const groupRows = options.rowGroupRows ?? PARQUET_ROW_GROUP_ROWS;
    if (!Number.isSafeInteger(groupRows) || groupRows < 1) throw new Error(`bad row group size ${groupRows}`);
    const kind = options.delta ? 'delta' : 'snapshot';
    await connection.run(
      `COPY (
         SELECT ${literal(options.entityType)} AS entity_type, *
           FROM read_csv(${literal(staged)}, header = false, auto_detect = false, delim = ',', quote = '"',
                         escape = '"', allow_quoted_nulls = false, buffer_size = 1048576,
                         columns = {${columns}})
       ) TO ${literal(file)}
       (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${groupRows},
        KV_METADATA {'joinery.export': ${literal(kind)}})`,
    );
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}
