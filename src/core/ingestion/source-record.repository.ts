import { Injectable } from '@nestjs/common';
import type { PoolClient, QueryResultRow } from 'pg';
import { EntityManager } from 'typeorm';
import { Attributes, EventReference } from './change-event.dto';
import { Outcome, RecordState } from './record-state';

export interface RecordKeyParts {
  entityType: string;
  domain: string;
  sourceId: string;
}

export interface HistoryRow {
  recordId: string;
  eventId: string;
  op: 'upsert' | 'delete';
  version: number | null;
  occurredAt: string;
  attributes: Attributes | null;
  references: EventReference[] | null;
}

export interface ProcessedRow {
  eventId: string;
  outcome: Outcome;
  recordId: string;
  /** eventFingerprint of the event's content. */
  fingerprint: string;
}

interface LockedRow extends QueryResultRow {
  id: string;
  entity_type: string;
  domain: string;
  source_id: string;
  attributes: Attributes;
  references: EventReference[];
  version: string | null;
  occurred_us: string | null;
  occurred_at: string | null;
  deleted: boolean;
  last_event_id: string;
}

// One sort order for every statement that takes locks, so two transactions on overlapping records
// always wait in the same direction and never deadlock. COLLATE "C": byte order, independent of the
// database's locale.
const KEY_ORDER = (t: string): string =>
  `${t}.entity_type COLLATE "C", ${t}.domain COLLATE "C", ${t}.source_id COLLATE "C"`;

/**
 * The source-record store's SQL. Every method takes the caller's EntityManager (one transaction per
 * ingest call) and runs set-based statements over arrays (`unnest`), as named prepared statements:
 * the text of each is fixed, so PostgreSQL parses and plans it once per connection.
 */
@Injectable()
export class SourceRecordRepository {
  /**
   * Every statement of an ingest transaction reads or writes rows by key, a few hundred to a few
   * thousand at a time (`= ANY($1)`, joins with `unnest`). With arrays that long PostgreSQL's
   * estimates tip towards a sequential scan of the whole table (hashed filter or hash join): cheap
   * at 10,000 stored records, linear in the store at a million, where the index probes stay
   * constant. Profiled: the idempotency-ledger lookup scanned all of processed_events. Off for this
   * transaction only (SET LOCAL); a plan with no index path still scans.
   */
  async preferIndexScans(manager: EntityManager): Promise<void> {
    await run(manager, 'joinery_prefer_index_scans', 'SET LOCAL enable_seqscan = off', []);
  }

  /**
   * Makes sure a row exists for every key, so the lock below has something to lock: keys never seen
   * get a placeholder row (`last_event_id = ''`) that the same transaction either fills or deletes.
   * ON CONFLICT waits for a concurrent transaction inserting the same key, then skips it.
   */
  async insertMissing(manager: EntityManager, keys: RecordKeyParts[]): Promise<void> {
    await run(
      manager,
      'joinery_source_records_insert_missing',
      `INSERT INTO source_records (entity_type, domain, source_id, attributes, "references", version, occurred_at, deleted, last_event_id)
       SELECT k.entity_type, k.domain, k.source_id, '{}'::jsonb, '[]'::jsonb, NULL, '-infinity', true, ''
       FROM unnest($1::text[], $2::text[], $3::text[]) AS k(entity_type, domain, source_id)
       WHERE NOT EXISTS (SELECT 1 FROM source_records s
                         WHERE s.entity_type = k.entity_type AND s.domain = k.domain AND s.source_id = k.source_id)
       ORDER BY ${KEY_ORDER('k')}
       ON CONFLICT (entity_type, domain, source_id) DO NOTHING`,
      columns(keys),
    );
  }

  /** Locks every key's row (FOR UPDATE, in key order) and returns its current state. */
  async lock(manager: EntityManager, keys: RecordKeyParts[]): Promise<Map<string, RecordState>> {
    const rows = await run<LockedRow>(
      manager,
      'joinery_source_records_lock',
      `SELECT s.id::text AS id, s.entity_type, s.domain, s.source_id, s.attributes, s."references", s.version::text AS version,
              CASE WHEN s.last_event_id = '' THEN NULL
                   ELSE (extract(epoch FROM s.occurred_at) * 1000000)::bigint::text END AS occurred_us,
              CASE WHEN s.last_event_id = '' THEN NULL
                   ELSE to_char(s.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END AS occurred_at,
              s.deleted, s.last_event_id
       FROM source_records s
       JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(entity_type, domain, source_id)
         ON s.entity_type = k.entity_type AND s.domain = k.domain AND s.source_id = k.source_id
       ORDER BY ${KEY_ORDER('s')}
       FOR UPDATE OF s`,
      columns(keys),
    );
    const states = new Map<string, RecordState>();
    for (const r of rows) {
      const placeholder = r.last_event_id === '';
      states.set(keyOf({ entityType: r.entity_type, domain: r.domain, sourceId: r.source_id }), {
        recordId: r.id,
        exists: !placeholder,
        deleted: r.deleted,
        version: r.version === null ? null : BigInt(r.version),
        occurredAtUs: r.occurred_us === null ? 0n : BigInt(r.occurred_us),
        occurredAt: r.occurred_at ?? '',
        attributes: r.attributes,
        references: r.references,
        lastEventId: r.last_event_id,
      });
    }
    return states;
  }

  /** The eventIds among `eventIds` already taken (the idempotency ledger), with their fingerprints. */
  async findProcessed(manager: EntityManager, eventIds: string[]): Promise<Map<string, string | null>> {
    const rows = await run<{ event_id: string; fingerprint: string | null }>(
      manager,
      'joinery_processed_events_find_fp',
      `SELECT event_id, fingerprint FROM processed_events WHERE event_id = ANY($1::text[])`,
      [eventIds],
    );
    return new Map(rows.map((r) => [r.event_id, r.fingerprint]));
  }

  /**
   * Everything an ingest transaction writes to the source-record store, in one statement: the final
   * state of each changed record (one row per record, however many events it took), the removal of
   * this transaction's placeholders that no event filled (all their events were duplicates), the
   * history rows and the outcome of each event. Rows go as JSON documents, so pg sends each once
   * instead of escaping every JSON value into an array literal. Returns how many outcomes were
   * recorded: fewer than given means another transaction took one of these eventIds for a
   * different record in the meantime.
   */
  async writeChanges(
    manager: EntityManager,
    changes: {
      states: RecordState[];
      placeholders: string[];
      history: HistoryRow[];
      processed: ProcessedRow[];
    },
  ): Promise<number> {
    const { states, placeholders, history, processed } = changes;
    if (states.length + placeholders.length + history.length + processed.length === 0) return 0;
    const inserted = await run<{ event_id: string }>(
      manager,
      'joinery_source_records_write',
      `WITH saved AS (
         UPDATE source_records s
            SET attributes = u.attributes, "references" = u.refs, version = u.version, occurred_at = u.occurred_at,
                deleted = u.deleted, last_event_id = u.last_event_id, updated_at = now()
           FROM json_to_recordset($1::json)
             AS u(id bigint, attributes jsonb, refs jsonb, version bigint, occurred_at timestamptz, deleted boolean, last_event_id text)
          WHERE s.id = u.id
         RETURNING s.id
       ), unfilled AS (
         DELETE FROM source_records
          WHERE id = ANY($2::bigint[]) AND last_event_id = '' AND id NOT IN (SELECT id FROM saved)
       ), history AS (
         INSERT INTO source_record_history (record_id, event_id, op, version, occurred_at, attributes, "references")
         SELECT u.record_id, u.event_id, u.op, u.version, u.occurred_at, u.attributes, u.refs
           FROM ROWS FROM (json_to_recordset($3::json)
                  AS (record_id bigint, event_id text, op text, version bigint, occurred_at timestamptz, attributes jsonb, refs jsonb))
                WITH ORDINALITY AS u(record_id, event_id, op, version, occurred_at, attributes, refs, n)
          ORDER BY u.n
       )
       INSERT INTO processed_events (event_id, outcome, record_id, fingerprint)
       SELECT * FROM unnest($4::text[], $5::text[], $6::bigint[], $7::text[])
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id`,
      [
        JSON.stringify(
          states.map((s) => ({
            id: s.recordId,
            attributes: s.attributes,
            refs: s.references,
            version: s.version === null ? null : s.version.toString(),
            occurred_at: s.occurredAt,
            deleted: s.deleted,
            last_event_id: s.lastEventId,
          })),
        ),
        placeholders,
        JSON.stringify(
          history.map((r) => ({
            record_id: r.recordId,
            event_id: r.eventId,
            op: r.op,
            version: r.version === null ? null : String(r.version),
            occurred_at: r.occurredAt,
            attributes: r.attributes,
            refs: r.references,
          })),
        ),
        processed.map((r) => r.eventId),
        processed.map((r) => r.outcome),
        processed.map((r) => r.recordId),
        processed.map((r) => r.fingerprint),
      ],
    );
    return inserted.length;
  }
}

export function keyOf(k: RecordKeyParts): string {
  // JSON, not a separator: domain, type and sourceId may contain any character but control ones.
  return JSON.stringify([k.entityType, k.domain, k.sourceId]);
}

function columns(keys: RecordKeyParts[]): string[][] {
  return [keys.map((k) => k.entityType), keys.map((k) => k.domain), keys.map((k) => k.sourceId)];
}

/**
 * Runs a named prepared statement on the transaction's own connection. TypeORM's `query` has no way
 * to name a statement, so this goes one level down to the pg client the QueryRunner holds.
 */
async function run<T extends QueryResultRow = QueryResultRow>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error(`${name} must run inside a transaction`);
  const client = (await runner.connect()) as PoolClient;
  return (await client.query<T>({ name, text, values })).rows;
}
