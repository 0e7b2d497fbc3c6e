import type { Readable, Writable } from 'node:stream';
import { ParquetColumn, ParquetRow, writeParquetTable } from '../../platform/parquet/parquet-table';
import { DELTA_COLUMNS, ExportRow, linesOf, SNAPSHOT_COLUMNS } from './export-format';

/**
 * The crosswalk export as Apache Parquet (docs/xref.md#parquet), for query engines that read files
 * from a lake. Rows come from the same query and the same line shapes as the ndjson/CSV export
 * (export-format.ts); DuckDB writes them as typed columns (platform/parquet/parquet-table.ts).
 */

/**
 * Rows per row group: DuckDB's own size. Engines read a row group as a unit and skip whole groups by
 * their statistics. DuckDB holds a group uncompressed while writing it (~40 MB here; the maximum:
 * xref-limits.ts) and rounds it up to a multiple of 2,048 rows (its vector).
 */
export const PARQUET_ROW_GROUP_ROWS = 122_880;

/** Parquet column (snake_case, for SQL) of each export field, with its DuckDB type. */
const COLUMNS: Record<string, ParquetColumn> = {
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
  /** Where the staged rows and the file are written (parquet-table.ts). */
  tempDir?: string;
}

/** The export's lines as rows of `fields`. */
async function* rowsOf(
  rows: Readable,
  fields: readonly string[],
  delta: boolean,
): AsyncGenerator<ParquetRow> {
  for await (const row of rows as AsyncIterable<ExportRow>) {
    for (const line of linesOf(row, delta)) yield fields.map((f) => line[f]);
  }
}

/** Writes `rows` (the export query's stream) to `out` as one Parquet file, then ends `out`. */
export async function writeParquet(rows: Readable, out: Writable, options: ParquetOptions): Promise<void> {
  const fields = options.delta ? DELTA_COLUMNS : SNAPSHOT_COLUMNS;
  await writeParquetTable(rowsOf(rows, fields, options.delta), out, {
    columns: fields.map((f) => COLUMNS[f]),
    constants: [{ name: 'entity_type', value: options.entityType }],
    rowGroupRows: options.rowGroupRows ?? PARQUET_ROW_GROUP_ROWS,
    metadata: { 'joinery.export': options.delta ? 'delta' : 'snapshot' },
    tempDir: options.tempDir,
  });
}
