/**
 * Rows into a table through `COPY ... FROM STDIN` (text format) on the transaction's own connection:
 * the bulk path of the backfill, one statement per table instead of one per batch.
 */
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

export type CopyValue = string | number | boolean | null | undefined;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const SPECIAL = /[\\\n\r\t]/g;
const HAS_SPECIAL = /[\\\n\r\t]/;

/** One value in COPY text format: NULL is `\N`; backslash, tab and line breaks escaped. */
export function copyText(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const s = typeof value === 'number' ? String(value) : value;
  return HAS_SPECIAL.test(s) ? s.replace(SPECIAL, (c) => ESCAPES[c]) : s;
}

const LINES_PER_CHUNK = 2000;

/**
 * Streams `rows` (each already in column order) into `table (columns)`. Lines are joined into
 * chunks, so a million rows are a few hundred writes, and generated lazily, so they never all sit
 * in memory as text. Returns the number of rows copied.
 */
export async function copyRows(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
): Promise<number> {
  let count = 0;
  function* chunks(): Generator<string> {
    let lines: string[] = [];
    for (const row of rows) {
      lines.push(row.map(copyText).join('\t'));
      count++;
      if (lines.length === LINES_PER_CHUNK) {
        yield `${lines.join('\n')}\n`;
        lines = [];
      }
    }
    if (lines.length > 0) yield `${lines.join('\n')}\n`;
  }
  const target = client.query(
    copyFrom(`COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`),
  );
  await pipeline(Readable.from(chunks()), target);
  return count;
}
