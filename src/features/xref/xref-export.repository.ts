import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { PgReader } from './pg-reader';
import { inForce, isoUs, SqlParams } from '../../platform/database/sql';

export interface ExportSelection {
  entityType: string;
  /** Snapshot: memberships in force at asOf (null: now). Delta: the upper bound of the window. */
  asOf: string | null;
  /** Delta: membership changes after this time. */
  since: string | null;
  /** Membership id of the last row already received. */
  after: string | null;
  limit: number | null;
}

/** Rows fetched per round trip: large enough to stream fast, small enough to keep memory flat. */
const BATCH_ROWS = 1000;

/**
 * The crosswalk export's query, streamed through a server-side cursor (pg-query-stream) on a
 * connection of its own, so a million rows never sit in memory: the stream fetches the next batch
 * only when the HTTP response has drained the previous one.
 */
@Injectable()
export class XrefExportRepository {
  constructor(private readonly db: PgReader) {}

  /**
   * Starts the query and returns its rows (ExportRow objects), ordered by membership id. The
   * connection goes back to the pool when the stream closes (end, error or the client going away).
   */
  async open(selection: ExportSelection): Promise<Readable> {
    const { sql, values } = exportQuery(selection);
    return this.db.stream(sql, values, BATCH_ROWS);
  }
}

/**
 * Snapshot: `valid_from <= asOf < valid_to` (or open) rows. Delta: rows opened or closed within
 * (since, asOf]: the expression index ix_golden_memberships_changed on
 * greatest(valid_from, coalesce(valid_to, valid_from)), the row's last change, finds them.
 */
export function exportQuery(s: ExportSelection): { sql: string; values: unknown[] } {
  const p = new SqlParams();
  const where = [`m.entity_type = ${p.add(s.entityType)}`];
  if (s.after !== null) where.push(`m.id > ${p.add(s.after)}::bigint`);
  let columns = `m.id::text AS cursor, m.golden_id AS "goldenId", m.domain, m.source_id AS "sourceId",
                 ${isoUs('m.valid_from')} AS "linkedAt"`;
  if (s.since === null) {
    where.push(inForce('m', s.asOf === null ? null : p.add(s.asOf)));
  } else {
    const since = `${p.add(s.since)}::timestamptz`;
    const until = s.asOf === null ? null : `${p.add(s.asOf)}::timestamptz`;
    const within = (col: string): string => `(${col} > ${since}${until ? ` AND ${col} <= ${until}` : ''})`;
    where.push(`greatest(m.valid_from, coalesce(m.valid_to, m.valid_from)) > ${since}`);
    where.push(`(${within('m.valid_from')} OR ${within('m.valid_to')})`);
    columns += `, ${isoUs('m.valid_to')} AS "unlinkedAt",
                coalesce(${within('m.valid_from')}, false) AS added, coalesce(${within('m.valid_to')}, false) AS removed`;
  }
  const limit = s.limit === null ? '' : `LIMIT ${p.add(s.limit)}`;
  return {
    sql: `SELECT ${columns} FROM golden_memberships m WHERE ${where.join(' AND ')} ORDER BY m.id ${limit}`,
    values: p.values,
  };
}
