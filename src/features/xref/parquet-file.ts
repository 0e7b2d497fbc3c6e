import type { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { encodeStruct, ThriftStruct, ThriftValue } from './thrift-compact';

/**
 * A streaming Apache Parquet writer (https://parquet.apache.org/docs/file-format/, parquet.thrift)
 * for flat files of REQUIRED columns, the crosswalk's shape: UTF-8 strings and INT64 (plain or a
 * UTC timestamp in microseconds). Values are appended to each column's current page as bytes
 * (PLAIN encoding) the moment a row arrives: no object per value, which is what kept a general
 * writer's peak high (docs/benchmarks.md). When a row group is full its pages are compressed
 * (GZIP, zlib on libuv's thread pool, off the event loop) and written to the output stream, which
 * is awaited when full; memory holds one row group's bytes, whatever the size of the file.
 */

const gzip = promisify(gzipCallback);

export type ColumnKind = 'string' | 'int64' | 'timestamp';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
}

/** Uncompressed bytes per data page: readers' usual 1 MB. */
const PAGE_BYTES = 1 << 20;
/** Longer min/max strings are left out of the statistics (a cut max would not be an upper bound). */
const MAX_STAT_BYTES = 64;
/** parquet.thrift enums. */
const INT64 = 2;
const BYTE_ARRAY = 6;
const REQUIRED = 0;
const UTF8 = 0;
const TIMESTAMP_MICROS = 10;
const PLAIN = 0;
const RLE = 3;
const GZIP = 2;
const DATA_PAGE = 0;

const i32 = (n: number): ThriftValue => ({ i32: n });
const i64 = (n: number | bigint): ThriftValue => ({ i64: n });
const str = (s: string): ThriftValue => ({ binary: s });
const struct = (s: ThriftStruct): ThriftValue => ({ struct: s });
const list = (of: 'i32' | 'binary' | 'struct', items: ThriftValue[]): ThriftValue => ({ list: items, of });

/**
 * Strings compared as their UTF-8 bytes are (Parquet's order for STRING): JS compares UTF-16 code
 * units, which differs only between a surrogate (a character above U+FFFF) and U+E000–U+FFFF.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** One column's pages of the current row group, and its statistics. */
class ColumnChunk {
  private page = Buffer.allocUnsafe(PAGE_BYTES);
  private length = 0;
  private pageValues = 0;
  /** Full pages of this row group, uncompressed, with their value counts. */
  private pages: Array<{ data: Buffer; values: number }> = [];
  private min: string | number | undefined;
  private max: string | number | undefined;

  constructor(readonly spec: ColumnSpec) {}

  addString(value: string): void {
    const bytes = Buffer.byteLength(value, 'utf8');
    this.ensure(4 + bytes);
    this.page.writeUInt32LE(bytes, this.length);
    this.page.write(value, this.length + 4, 'utf8');
    this.length += 4 + bytes;
    if (this.min === undefined || compareUtf8(value, this.min as string) < 0) this.min = value;
    if (this.max === undefined || compareUtf8(value, this.max as string) > 0) this.max = value;
    this.pageValues++;
  }

  /** A safe integer (ids, and microseconds since 1970 up to the year 2255) as INT64, little endian. */
  addInt64(value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${this.spec.name}: not a safe integer: ${value}`);
    this.ensure(8);
    this.page.writeBigInt64LE(BigInt(value), this.length);
    this.length += 8;
    if (this.min === undefined || value < (this.min as number)) this.min = value;
    if (this.max === undefined || value > (this.max as number)) this.max = value;
    this.pageValues++;
  }

  /** The chunk's bytes (page header + compressed page, page after page) and its metadata, then a fresh chunk. */
  async close(offset: number): Promise<{ bytes: Buffer[]; meta: ThriftStruct; uncompressed: number }> {
    this.endPage();
    const bytes: Buffer[] = [];
    let compressed = 0;
    let uncompressed = 0;
    let values = 0;
    for (const page of this.pages) {
      const body = await gzip(page.data, { level: 1 });
      const header = encodeStruct({
        1: i32(DATA_PAGE),
        2: i32(page.data.length),
        3: i32(body.length),
        5: struct({ 1: i32(page.values), 2: i32(PLAIN), 3: i32(RLE), 4: i32(RLE) }),
      });
      bytes.push(header, body);
      compressed += header.length + body.length;
      uncompressed += header.length + page.data.length;
      values += page.values;
    }
    const meta: ThriftStruct = {
      1: i32(this.spec.kind === 'string' ? BYTE_ARRAY : INT64),
      2: list('i32', [i32(PLAIN)]),
      3: list('binary', [str(this.spec.name)]),
      4: i32(GZIP),
      5: i64(values),
      6: i64(uncompressed),
      7: i64(compressed),
      9: i64(offset),
      12: this.statistics(values),
    };
    this.pages = [];
    this.min = this.max = undefined;
    return { bytes, meta, uncompressed };
  }

  /** min_value / max_value (fields 6 and 5, ordered as the footer's column_orders say), null_count 0. */
  private statistics(values: number): ThriftValue | undefined {
    if (values === 0 || this.min === undefined || this.max === undefined) return undefined;
    const bytesOf = (v: string | number): Buffer => {
      if (typeof v === 'string') return Buffer.from(v, 'utf8');
      const b = Buffer.alloc(8);
      b.writeBigInt64LE(BigInt(v));
      return b;
    };
    const [min, max] = [bytesOf(this.min), bytesOf(this.max)];
    if (min.length > MAX_STAT_BYTES || max.length > MAX_STAT_BYTES) return struct({ 3: i64(0) });
    return struct({ 3: i64(0), 5: { binary: max }, 6: { binary: min } });
  }

  private ensure(bytes: number): void {
    if (this.length + bytes <= this.page.length) return;
    if (this.pageValues > 0) this.endPage();
    if (bytes > this.page.length) this.page = Buffer.allocUnsafe(bytes);
  }

  private endPage(): void {
    if (this.pageValues === 0) return;
    this.pages.push({ data: this.page.subarray(0, this.length), values: this.pageValues });
    this.page = Buffer.allocUnsafe(PAGE_BYTES);
    this.length = 0;
    this.pageValues = 0;
  }
}

/** The schema's elements (root first) as parquet.thrift SchemaElement structs. */
function schemaElements(columns: ColumnSpec[]): ThriftValue[] {
  const element = ({ name, kind }: ColumnSpec): ThriftValue => {
    if (kind === 'string')
      // logicalType STRING: field 1 of the LogicalType union, an empty StringType.
      return struct({
        1: i32(BYTE_ARRAY),
        3: i32(REQUIRED),
        4: str(name),
        6: i32(UTF8),
        10: struct({ 1: struct({}) }),
      });
    if (kind === 'int64') return struct({ 1: i32(INT64), 3: i32(REQUIRED), 4: str(name) });
    // logicalType TIMESTAMP (field 8): isAdjustedToUTC, unit MICROS (field 2 of the TimeUnit union).
    const timestamp = struct({ 1: { bool: true }, 2: struct({ 2: struct({}) }) });
    return struct({
      1: i32(INT64),
      3: i32(REQUIRED),
      4: str(name),
      6: i32(TIMESTAMP_MICROS),
      10: struct({ 8: timestamp }),
    });
  };
  return [struct({ 4: str('schema'), 5: i32(columns.length) }), ...columns.map(element)];
}

export interface ParquetFileOptions {
  columns: ColumnSpec[];
  rowGroupRows: number;
  keyValueMetadata?: Record<string, string>;
  createdBy?: string;
}

/** Writes one Parquet file to `out`, row by row; `finish()` writes the footer and ends `out`. */
export class ParquetFileWriter {
  private readonly chunks: ColumnChunk[];
  private rowsInGroup = 0;
  private rows = 0;
  private offset = 0;
  private readonly rowGroups: ThriftValue[] = [];

  constructor(
    private readonly out: Writable,
    private readonly options: ParquetFileOptions,
  ) {
    this.chunks = options.columns.map((c) => new ColumnChunk(c));
    this.write(Buffer.from('PAR1'));
  }

  /** The column's writer, to append the current row's value to (every column once per row, then `endRow`). */
  column(index: number): Pick<ColumnChunk, 'addString' | 'addInt64'> {
    return this.chunks[index];
  }

  /** Ends the row; when its row group is full, writes it (and waits while `out` is full). */
  async endRow(): Promise<void> {
    this.rowsInGroup++;
    this.rows++;
    if (this.rowsInGroup >= this.options.rowGroupRows) await this.writeRowGroup();
  }

  async finish(): Promise<void> {
    if (this.rowsInGroup > 0) await this.writeRowGroup();
    const { keyValueMetadata = {}, createdBy, columns } = this.options;
    const footer = encodeStruct({
      1: i32(1),
      2: list('struct', schemaElements(columns)),
      3: i64(this.rows),
      4: list('struct', this.rowGroups),
      5: list(
        'struct',
        Object.entries(keyValueMetadata).map(([k, v]) => struct({ 1: str(k), 2: str(v) })),
      ),
      6: createdBy === undefined ? undefined : str(createdBy),
      // TYPE_ORDER for every column: min_value / max_value are in the type's order (UTF-8 bytes, signed INT64).
      7: list(
        'struct',
        columns.map(() => struct({ 1: struct({}) })),
      ),
    });
    const length = Buffer.alloc(4);
    length.writeUInt32LE(footer.length);
    this.write(Buffer.concat([footer, length, Buffer.from('PAR1')]));
    this.assertOpen();
    await new Promise<void>((resolve, reject) =>
      this.out.end((e?: Error | null) => (e ? reject(e) : resolve())),
    );
  }

  private async writeRowGroup(): Promise<void> {
    const start = this.offset;
    const columns: ThriftValue[] = [];
    let uncompressed = 0;
    for (const chunk of this.chunks) {
      const at = this.offset;
      const closed = await chunk.close(at);
      for (const b of closed.bytes) this.write(b);
      uncompressed += closed.uncompressed;
      columns.push(struct({ 2: i64(at), 3: struct(closed.meta) }));
      await this.drained();
    }
    this.rowGroups.push(
      struct({
        1: list('struct', columns),
        2: i64(uncompressed),
        3: i64(this.rowsInGroup),
        5: i64(start),
        6: i64(this.offset - start),
      }),
    );
    this.rowsInGroup = 0;
  }

  private write(bytes: Buffer): void {
    this.assertOpen();
    this.out.write(bytes);
    this.offset += bytes.length;
  }

  /** Resolves once `out` has room again (at once when it has). */
  private drained(): Promise<void> {
    this.assertOpen();
    if (!this.out.writableNeedDrain) return Promise.resolve();
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

  private assertOpen(): void {
    if (this.out.destroyed) throw new Error('output closed before the Parquet file was complete');
  }
}
