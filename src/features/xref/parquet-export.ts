import type { Readable, Writable } from 'node:stream';
import { DELTA_COLUMNS, ExportRow, linesOf, SNAPSHOT_COLUMNS } from './export-format';
import { ColumnSpec, ParquetFileWriter } from './parquet-file';

/**
 * The crosswalk export as Apache Parquet (docs/xref.md#parquet), for query engines that read files
 * from a lake. Rows come from the same query and the same line shapes as the ndjson/CSV export
 * (export-format.ts); here they become typed columns: strings, INT64 cursor, UTC timestamps in
 * microseconds (PostgreSQL's precision). parquet-file.ts writes them row group by row group to the
 * output stream, waiting for it to drain, so memory holds one row group, whatever the crosswalk's size.
 */

/**
 * Rows per row group: DuckDB's own size. Engines read a row group as a unit and skip whole groups by
 * their statistics; Spark and Trino prefer big ones. The writer holds a group as its column bytes
 * (~100 bytes a row uncompressed, ~12 MB here), so `rowGroupRows` can go up to 1,048,576.
 */
export const PARQUET_ROW_GROUP_ROWS = 122_880;

/** Parquet column (snake_case, for SQL) of each export field, with its type. */
const COLUMNS: Record<string, ColumnSpec> = {
  cursor: { name: 'cursor', kind: 'int64' },
  op: { name: 'op', kind: 'string' },
  at: { name: 'changed_at', kind: 'timestamp' },
  goldenId: { name: 'golden_id', kind: 'string' },
  domain: { name: 'domain', kind: 'string' },
  sourceId: { name: 'source_id', kind: 'string' },
  linkedAt: { name: 'linked_at', kind: 'timestamp' },
};

/** The file's columns: entity_type, then the export's fields in their order. */
export function parquetColumns(delta: boolean): Array<{ field: string; spec: ColumnSpec }> {
  const fields = delta ? DELTA_COLUMNS : SNAPSHOT_COLUMNS;
  return [
    { field: 'entityType', spec: { name: 'entity_type', kind: 'string' } },
    ...fields.map((field) => ({ field, spec: COLUMNS[field] })),
  ];
}

/**
 * '2026-11-25T10:00:03.120391Z' (isoUs) → microseconds since the epoch (a safe integer until 2255).
 * Read by position, without a regex or BigInt: it runs for every row.
 */
export function epochMicros(iso: string): number {
  let micros = 0;
  for (let i = 23; i < 26; i++) {
    const digit = iso.charCodeAt(i) - 48;
    micros = digit >= 0 && digit <= 9 ? micros * 10 + digit : NaN;
  }
  const ms =
    iso.length === 27 && iso[19] === '.' && iso[26] === 'Z' ? Date.parse(`${iso.slice(0, 23)}Z`) : NaN;
  if (Number.isNaN(ms + micros)) throw new Error(`not a microsecond UTC timestamp: ${iso}`);
  return ms * 1000 + micros;
}

export interface ParquetOptions {
  entityType: string;
  delta: boolean;
  rowGroupRows?: number;
}

/** Writes `rows` (the export query's stream) to `out` as one Parquet file, then ends `out`. */
export async function writeParquet(rows: Readable, out: Writable, options: ParquetOptions): Promise<void> {
  const { entityType, delta } = options;
  const columns = parquetColumns(delta);
  const file = new ParquetFileWriter(out, {
    columns: columns.map((c) => c.spec),
    rowGroupRows: options.rowGroupRows ?? PARQUET_ROW_GROUP_ROWS,
    keyValueMetadata: { 'joinery.export': delta ? 'delta' : 'snapshot' },
    createdBy: 'joinery',
  });
  for await (const row of rows as AsyncIterable<ExportRow>) {
    for (const line of linesOf(row, delta)) {
      for (let i = 0; i < columns.length; i++) {
        const { field, spec } = columns[i];
        const value = field === 'entityType' ? entityType : line[field];
        if (spec.kind === 'string') file.column(i).addString(value);
        else file.column(i).addInt64(spec.kind === 'int64' ? Number(value) : epochMicros(value));
      }
      await file.endRow();
    }
  }
  await file.finish();
}
