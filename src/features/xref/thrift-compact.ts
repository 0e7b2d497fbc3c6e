/**
 * The Thrift compact protocol (https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md),
 * encoding only, and only the types Parquet's metadata uses: a Parquet file's page headers and
 * footer are Thrift structs (parquet.thrift). A struct is written as a list of fields, each with
 * its id; absent (undefined) fields are skipped, as optional fields are.
 */

/** A field's value, tagged with its Thrift type. */
export type ThriftValue =
  | { i32: number }
  | { i64: number | bigint }
  | { bool: boolean }
  | { binary: string | Uint8Array }
  | { struct: ThriftStruct }
  | { list: ThriftValue[]; of: ThriftType };

/** Field id → value; undefined fields are not written. */
export type ThriftStruct = Record<number, ThriftValue | undefined>;

type ThriftType = 'i32' | 'i64' | 'bool' | 'binary' | 'struct';

/** Compact type ids (booleans as fields are 1 true / 2 false; in lists, 1). */
const TYPE_IDS: Record<ThriftType | 'list', number> = {
  bool: 1,
  i32: 5,
  i64: 6,
  binary: 8,
  list: 9,
  struct: 12,
};

const kindOf = (v: ThriftValue): ThriftType | 'list' => Object.keys(v)[0] as ThriftType | 'list';

class CompactWriter {
  private readonly bytes: number[] = [];

  varint(n: bigint): void {
    let v = BigInt.asUintN(64, n);
    while (v >= 0x80n) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }

  zigzag(n: number | bigint): void {
    const v = BigInt(n);
    this.varint(BigInt.asUintN(64, (v << 1n) ^ (v >> 63n)));
  }

  value(v: ThriftValue): void {
    if ('i32' in v) this.zigzag(v.i32);
    else if ('i64' in v) this.zigzag(v.i64);
    else if ('bool' in v) this.bytes.push(v.bool ? 1 : 2);
    else if ('binary' in v) {
      const data = typeof v.binary === 'string' ? Buffer.from(v.binary, 'utf8') : v.binary;
      this.varint(BigInt(data.length));
      for (const b of data) this.bytes.push(b);
    } else if ('struct' in v) this.struct(v.struct);
    else {
      const type = TYPE_IDS[v.of];
      if (v.list.length < 15) this.bytes.push((v.list.length << 4) | type);
      else {
        this.bytes.push(0xf0 | type);
        this.varint(BigInt(v.list.length));
      }
      for (const item of v.list) this.value(item);
    }
  }

  struct(s: ThriftStruct): void {
    let last = 0;
    const ids = Object.keys(s)
      .map(Number)
      .filter((id) => s[id] !== undefined)
      .sort((a, b) => a - b);
    for (const id of ids) {
      const v = s[id]!;
      const kind = kindOf(v);
      // A boolean field carries its value in the type nibble.
      const type = 'bool' in v ? (v.bool ? 1 : 2) : TYPE_IDS[kind];
      const delta = id - last;
      if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
      else {
        this.bytes.push(type);
        this.zigzag(id);
      }
      if (!('bool' in v)) this.value(v);
      last = id;
    }
    this.bytes.push(0); // stop
  }

  result(): Buffer {
    return Buffer.from(this.bytes);
  }
}

/** A struct's bytes in the compact protocol. */
export function encodeStruct(s: ThriftStruct): Buffer {
  const w = new CompactWriter();
  w.struct(s);
  return w.result();
}
