import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { isoUs } from '../../platform/database/sql';
import type { GoldenEvent } from './golden-event';
import { XrefEntries, xrefEntriesOf } from './xref-change';

export interface OutboxRow {
  id: string;
  goldenId: string;
  version: number;
  eventType: string;
  payload: GoldenEvent;
  /** The xref topic's entries of this event (xref-change.ts). */
  xref: XrefEntries | null;
  /** The change's transaction time (= the memberships' valid_from), RFC 3339 with microseconds. */
  createdAt: string;
}

/**
 * SQL of the golden-event outbox: append in the change's transaction (queueing the golden ids for
 * the search indexer); the relay reads and marks.
 */
@Injectable()
export class GoldenOutboxRepository {
  /** Appends the events of one change (all of them: the xref entries are derived from the whole change). */
  async append(m: EntityManager, events: GoldenEvent[]): Promise<void> {
    if (events.length === 0) return;
    // One JSON document (each event with its xref entries), not arrays of JSON texts escaped one by
    // one. The same statement queues the golden ids for the search indexer
    // (golden-search-index.repository).
    const xref = xrefEntriesOf(events);
    await m.query(
      `WITH appended AS (
         INSERT INTO golden_outbox (golden_id, version, event_type, payload, xref)
         SELECT d -> 'e' ->> 'goldenId', (d -> 'e' ->> 'version')::int, d -> 'e' ->> 'type', d -> 'e',
                NULLIF(d -> 'x', 'null'::jsonb)
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(d, n) ORDER BY n
         RETURNING golden_id
       )
       INSERT INTO golden_search_queue (golden_id) SELECT DISTINCT golden_id FROM appended`,
      [JSON.stringify(events.map((e, i) => ({ e, x: xref[i] ?? null })))],
    );
  }

  async unpublished(m: EntityManager, limit: number): Promise<OutboxRow[]> {
    const rows: Array<{
      id: string;
      golden_id: string;
      version: number;
      event_type: string;
      payload: GoldenEvent;
      xref: XrefEntries | null;
      created_at: string;
    }> = await m.query(
      // ORDER BY o.id, not id: the output column `id` is text, and '1000' sorts before '577'.
      `SELECT o.id::text AS id, o.golden_id, o.version, o.event_type, o.payload, o.xref,
              ${isoUs('o.created_at')} AS created_at
         FROM golden_outbox o WHERE o.published_at IS NULL ORDER BY o.id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      goldenId: r.golden_id,
      version: r.version,
      eventType: r.event_type,
      payload: r.payload,
      xref: r.xref,
      createdAt: r.created_at,
    }));
  }

  async markPublished(m: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await m.query(`UPDATE golden_outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async backlog(m: EntityManager): Promise<{ count: number; oldestAgeSeconds: number | null }> {
    const [row]: Array<{ count: string; oldest: string | null }> = await m.query(
      `SELECT count(*)::text AS count, extract(epoch FROM now() - min(created_at))::text AS oldest FROM golden_outbox WHERE published_at IS NULL`,
    );
    return { count: Number(row.count), oldestAgeSeconds: row.oldest === null ? null : Number(row.oldest) };
  }
}
