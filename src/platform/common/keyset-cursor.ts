import { DomainException } from './errors/domain.exception';

/**
 * Opaque keyset cursors for bounded list routes: the sort key and id of the last row of a page,
 * as base64url JSON. Keyset paging stays correct while rows are inserted, and costs the same on
 * page 1,000 as on page 1 (no OFFSET scan).
 */
export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor and checks it with `accept` (which narrows its shape); anything else is a 400 on
 * the `cursor` field, so a cursor from another query or sort order cannot be replayed here.
 */
export function decodeCursor<T>(cursor: string, accept: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!accept(value)) {
    throw new DomainException('COMMON.VALIDATION_FAILED', 'request validation failed', [
      { field: 'cursor', reason: 'is not a cursor of this query (pass nextCursor back unchanged)' },
    ]);
  }
  return value;
}

export const isDecimalId = (v: unknown): v is string => typeof v === 'string' && /^[0-9]{1,19}$/.test(v);

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The bounds every list route shares. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
