import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Transform, TransformCallback } from 'node:stream';

export type RowFormat = 'csv' | 'ndjson';

/** One input row, or why a line could not be read as one (NDJSON lines are independent). */
export type RowItem = { line: number; row: Record<string, unknown> } | { line: number; error: string };

/** Counts the bytes that flow through: progress and ETA are measured against the file size. */
export class ByteCounter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

export function formatOf(file: string): RowFormat | null {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(ndjson|jsonl)$/i.test(file)) return 'ndjson';
  return null;
}

/**
 * Streams the rows of a CSV (header line first; cells trimmed, so FEBRL's `a, b` separators work;
 * an empty cell is null) or NDJSON file (one JSON object per line), with constant memory.
 */
export async function* readRows(
  file: string,
  format: RowFormat,
  counter: ByteCounter,
  delimiter = ',',
): AsyncGenerator<RowItem> {
  const input = createReadStream(file).pipe(counter);
  if (format === 'csv') {
    const parser = input.pipe(
      parse({ columns: true, trim: true, bom: true, skip_empty_lines: true, delimiter, info: true }),
    );
    for await (const record of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      const row: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(record.record)) row[k] = v === '' ? null : v;
      yield { line: record.info.lines, row };
    }
    return;
  }
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        yield { line, error: 'not a JSON object' };
      else yield { line, row: value as Record<string, unknown> };
    } catch (e) {
      yield { line, error: `not valid JSON (${e instanceof Error ? e.message : String(e)})` };
    }
  }
}
