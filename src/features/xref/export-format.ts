import { Transform, TransformCallback } from 'node:stream';
import type { ExportFormat, TextFormat } from './xref-request.dto';

/**
 * Formatting of the crosswalk export (GET /v1/xref/export): one line per membership (snapshot) or
 * per membership change (delta, with `since`). Lines are gathered into chunks of about 64 KB so a
 * million rows are a few thousand socket writes, not a million.
 */

/** A membership row as the export query yields it. */
export interface ExportRow {
  cursor: string;
  goldenId: string;
  domain: string;
  sourceId: string;
  linkedAt: string;
  /** Delta only: when the interval was closed, if it was. */
  unlinkedAt?: string | null;
  /** Delta only: whether the row was opened / closed within (since, asOf]. */
  added?: boolean;
  removed?: boolean;
}

export const SNAPSHOT_COLUMNS = ['cursor', 'goldenId', 'domain', 'sourceId', 'linkedAt'] as const;
export const DELTA_COLUMNS = ['cursor', 'op', 'at', 'goldenId', 'domain', 'sourceId', 'linkedAt'] as const;

type Line = Record<string, string>;

/** The lines of one row: a snapshot row is one line; a delta row is `added` and/or `removed`, in that order. */
export function linesOf(row: ExportRow, delta: boolean): Line[] {
  const member = {
    goldenId: row.goldenId,
    domain: row.domain,
    sourceId: row.sourceId,
    linkedAt: row.linkedAt,
  };
  if (!delta) return [{ cursor: row.cursor, ...member }];
  const lines: Line[] = [];
  if (row.added) lines.push({ cursor: row.cursor, op: 'added', at: row.linkedAt, ...member });
  if (row.removed && row.unlinkedAt)
    lines.push({ cursor: row.cursor, op: 'removed', at: row.unlinkedAt, ...member });
  return lines;
}

/**
 * RFC 4180: quote a field holding a comma, quote, CR or LF, doubling its quotes. A field starting
 * with `=`, `+`, `-`, `@`, tab or CR would run as a formula when a spreadsheet opens the file (source
 * ids are the producers'): it gets a leading `'`, which spreadsheets show as text (docs/xref.md).
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function formatLine(line: Line, format: TextFormat, columns: readonly string[]): string {
  if (format === 'ndjson') return `${JSON.stringify(line)}\n`;
  return `${columns.map((c) => csvField(line[c] ?? '')).join(',')}\r\n`;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};

const CHUNK_BYTES = 64 * 1024;

/** Rows in (object mode), text chunks out; a CSV export starts with its header line. */
export class ExportFormatter extends Transform {
  private buffer: string;
  private readonly columns: readonly string[];

  constructor(
    private readonly format: TextFormat,
    private readonly delta: boolean,
  ) {
    super({ writableObjectMode: true, readableObjectMode: false });
    this.columns = delta ? DELTA_COLUMNS : SNAPSHOT_COLUMNS;
    this.buffer = format === 'csv' ? `${this.columns.join(',')}\r\n` : '';
  }

  override _transform(row: ExportRow, _encoding: BufferEncoding, done: TransformCallback): void {
    for (const line of linesOf(row, this.delta)) this.buffer += formatLine(line, this.format, this.columns);
    if (this.buffer.length >= CHUNK_BYTES) {
      this.push(this.buffer);
      this.buffer = '';
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.buffer.length > 0) this.push(this.buffer);
    done();
  }
}
