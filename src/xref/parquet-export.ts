import type { Readable, Writable } from 'node:stream';
import { DELTA_COLUMNS, ExportRow, linesOf, SNAPSHOT_COLUMNS } from './export-format';
import { hyparquet } from './hyparquet';

/**
 * The crosswalk export as Apache Parquet (docs/xref.md#parquet), for query engines that read files
 * from a lake. Rows come from the same query and the same line shapes as the ndjson/CSV export
 * (export-format.ts); here they become typed columns: strings, INT64 cursor, UTC timestamps in
 * microseconds (PostgreSQL's precision). The file is written row group by row group to the output
 * stream, waiting for it to drain, so memory holds one row group, whatever the size of the crosswalk.
 */

/**
 * Rows per row group. Engines read a row group as a unit and skip whole groups by their statistics:
 * DuckDB works in groups of 122,880 rows (60 × its 2,048-row vector), and at ~30 bytes a row
 * compressed this is ~4 MB a group. Big enough for Spark and Trino to read in a few requests, small
 * enough that the writer's memory stays far under the 300 MB budget (docs/benchmarks.md).
 */
export const PARQUET_ROW_GROUP_ROWS = 122_880;

type SchemaElement = ConstructorParameters<typeof hyparquet.ParquetWriter>[0]['schema'][number];

const text = (name: string): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  logical_type: { type: 'STRING' },
  repetition_type: 'REQUIRED',
});
const timestamp = (name: string): SchemaElement => ({
  name,
  type: 'INT64',
  converted_type: 'TIMESTAMP_MICROS',
  logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
  repetition_type: 'REQUIRED',
});

/** Parquet column (snake_case, for SQL) of each export field, with its type. */
const COLUMNS: Record<string, SchemaElement> = {
  cursor: { name: 'cursor', type: 'INT64', repetition_type: 'REQUIRED' },
  op: text('op'),
  at: timestamp('changed_at'),
  goldenId: text('golden_id'),
  domain: text('domain'),
  sourceId: text('source_id'),
  linkedAt: timestamp('linked_at'),
};

/** The file's schema: entity_type, then the export's columns in their order. */
export function parquetSchema(delta: boolean): SchemaElement[] {
  const fields = delta ? DELTA_COLUMNS : SNAPSHOT_COLUMNS;
  return [
    { name: 'schema', num_children: fields.length + 1 },
    text('entity_type'),
    ...fields.map((f) => COLUMNS[f]),
  ];
}

/** '2026-11-25T10:00:03.120391Z' (isoUs) → microseconds since the epoch. */
export function epochMicros(iso: string): bigint {
  const micros = /\.(\d{6})Z$/.exec(iso);
  if (!micros) throw new Error(`not a microsecond UTC timestamp: ${iso}`);
  return BigInt(Date.parse(`${iso.slice(0, -4)}Z`)) * 1000n + BigInt(micros[1].slice(3));
}

async function* parquetRows(rows: AsyncIterable<ExportRow>, entityType: string, delta: boolean) {
  for await (const row of rows) {
    for (const line of linesOf(row, delta)) {
      yield {
        entity_type: entityType,
        cursor: BigInt(line.cursor),
        ...(delta && { op: line.op, changed_at: epochMicros(line.at) }),
        golden_id: line.goldenId,
        domain: line.domain,
        source_id: line.sourceId,
        linked_at: epochMicros(line.linkedAt),
      };
    }
  }
}

/** A hyparquet Writer that hands each row group's bytes to `out` and waits while `out` is full. */
class StreamWriter extends hyparquet.ByteWriter {
  constructor(private readonly out: Writable) {
    super(1 << 20);
  }

  flush(): Promise<void> | void {
    if (this.out.destroyed) throw new Error('output closed before the Parquet file was complete');
    if (this.index === 0) return;
    const chunk = Buffer.from(this.buffer.slice(0, this.index));
    this.index = 0;
    if (this.out.write(chunk)) return;
    return new Promise((resolve, reject) => {
      const done = (error?: Error): void => {
        this.out.off('drain', done).off('close', closed).off('error', done);
        if (error) reject(error);
        else resolve();
      };
      const closed = (): void => done(new Error('output closed before the Parquet file was complete'));
      this.out.on('drain', done).on('close', closed).on('error', done);
    });
  }

  override finish(): void {
    void this.flush();
  }
}

export interface ParquetOptions {
  entityType: string;
  delta: boolean;
  rowGroupRows?: number;
}

/** Writes `rows` (the export query's stream) to `out` as one Parquet file, then ends `out`. */
export async function writeParquet(rows: Readable, out: Writable, options: ParquetOptions): Promise<void> {
  const writer = new StreamWriter(out);
  const schema = parquetSchema(options.delta);
  await hyparquet.parquetWriteRows({
    writer,
    schema,
    columns: schema.slice(1).map((c) => ({ name: c.name })),
    rows: parquetRows(rows, options.entityType, options.delta),
    rowGroupSize: options.rowGroupRows ?? PARQUET_ROW_GROUP_ROWS,
    kvMetadata: [{ key: 'joinery.export', value: options.delta ? 'delta' : 'snapshot' }],
    createdBy: 'joinery',
  });
  if (out.destroyed) throw new Error('output closed before the Parquet file was complete');
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}
