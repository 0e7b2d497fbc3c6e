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
 * Rows per row group. Engines read a row group as a unit and skip whole groups by their statistics;
 * DuckDB reads any size (its own are 122,880 rows), Spark and Trino prefer big ones. The writer
 * holds one group and encodes it value by value (a byte array per string), garbage that V8
 * collects late: smaller groups keep the service's peak lower (docs/benchmarks.md: ~340 MB for
 * 1,000,000 rows at 32,768, over the 300 MB budget); `rowGroupRows` trades memory for bigger groups.
 */
export const PARQUET_ROW_GROUP_ROWS = 32_768;

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

/** One row group's values, column by column (no object per row: a million rows make a lot of garbage). */
class RowGroup {
  readonly columns = new Map<string, unknown[]>();
  length = 0;

  constructor(names: string[]) {
    for (const name of names) this.columns.set(name, []);
  }

  push(values: Record<string, unknown>): void {
    for (const [name, column] of this.columns) column.push(values[name]);
    this.length++;
  }
}

/** A hyparquet Writer that hands each row group's bytes to `out` and waits while `out` is full. */
class StreamWriter extends hyparquet.ByteWriter {
  constructor(private readonly out: Writable) {
    super(1 << 20);
  }

  /** After each row group: hand its bytes over, and wait while the reader is behind. */
  flush(): Promise<void> | void {
    if (this.push()) return;
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

  /**
   * The footer: handed over without waiting for 'drain', which never comes once the caller ends
   * `out`; ending it waits until the reader has everything.
   */
  override finish(): void {
    this.push();
  }

  /** Writes the bytes gathered so far to `out`; false when `out` is full. */
  private push(): boolean {
    if (this.out.destroyed) throw new Error('output closed before the Parquet file was complete');
    if (this.index === 0) return true;
    const chunk = Buffer.from(this.buffer.slice(0, this.index));
    this.index = 0;
    return this.out.write(chunk);
  }
}

export interface ParquetOptions {
  entityType: string;
  delta: boolean;
  rowGroupRows?: number;
}

/** Writes `rows` (the export query's stream) to `out` as one Parquet file, then ends `out`. */
export async function writeParquet(rows: Readable, out: Writable, options: ParquetOptions): Promise<void> {
  const { entityType, delta } = options;
  const schema = parquetSchema(delta);
  const names = schema.slice(1).map((c) => c.name);
  const groupRows = options.rowGroupRows ?? PARQUET_ROW_GROUP_ROWS;
  const writer = new hyparquet.ParquetWriter({
    writer: new StreamWriter(out),
    schema,
    kvMetadata: [{ key: 'joinery.export', value: delta ? 'delta' : 'snapshot' }],
    createdBy: 'joinery',
  });
  let group = new RowGroup(names);
  let groups = 0;
  const write = async (): Promise<void> => {
    const columnData = names.map((name) => ({ name, data: group.columns.get(name)! }));
    await writer.write({ columnData, rowGroupSize: Math.max(group.length, 1) });
    groups++;
    group = new RowGroup(names);
  };
  for await (const row of rows as AsyncIterable<ExportRow>) {
    for (const line of linesOf(row, delta)) {
      group.push({
        entity_type: entityType,
        cursor: BigInt(line.cursor),
        ...(delta && { op: line.op, changed_at: epochMicros(line.at) }),
        golden_id: line.goldenId,
        domain: line.domain,
        source_id: line.sourceId,
        linked_at: epochMicros(line.linkedAt),
      });
      if (group.length >= groupRows) await write();
    }
  }
  // An empty export is a valid file with one empty row group (readers want the schema, not rows).
  if (group.length > 0 || groups === 0) await write();
  await writer.finish();
  if (out.destroyed) throw new Error('output closed before the Parquet file was complete');
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}
