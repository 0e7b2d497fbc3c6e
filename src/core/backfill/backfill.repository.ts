import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { EntityManager } from 'typeorm';
import type { GoldenEvent } from '../events/golden-event';
import { xrefEntriesOf } from '../events/xref-change';
import type { MembershipChange } from '../../engine/resolution/golden-changes';
import type { GoldenUpdate } from '../../engine/resolution/golden-changes';
import type { HistoryRow, ProcessedRow } from '../ingestion/source-record.repository';
import type { EdgeRow } from '../resolution/resolution.repository';
import type { PreparedRecord } from '../../engine';
import type { FoldedRecord } from './backfill-input';
import { copyRows } from './copy-rows';

export interface StoreCounts {
  sourceRecords: number;
  resolutionRecords: number;
  goldens: number;
}

export interface GoldenInsert extends GoldenUpdate {
  splitFrom: string | null;
  createdAt: Date;
}

export interface ResolutionInsert {
  recordId: string;
  domain: string;
  sourceId: string;
  prepared: PreparedRecord;
  goldenId: string;
  updatedAt: Date;
}

const iso = (d: Date): string => d.toISOString();

/**
 * The backfill's SQL: one lock that keeps the incremental path out, the emptiness check, id
 * reservation, and one COPY per table into exactly the rows (and columns) the incremental
 * repositories write, so the store afterwards is one they can keep working on.
 */
@Injectable()
export class BackfillRepository {
  /**
   * Every lock bucket, in the order resolution takes them: any incremental resolution (ingestion,
   * stewardship, re-evaluation) waits until the backfill's transaction ends, then works on its result.
   */
  async lockAllBuckets(m: EntityManager): Promise<number> {
    const rows: unknown[] = await m.query(
      `SELECT bucket FROM resolution_lock_buckets ORDER BY bucket FOR UPDATE`,
    );
    return rows.length;
  }

  async counts(m: EntityManager, entityType: string): Promise<StoreCounts> {
    const [row]: Array<{ s: string; r: string; g: string }> = await m.query(
      `SELECT (SELECT count(*) FROM source_records WHERE entity_type = $1)::text AS s,
              (SELECT count(*) FROM resolution_records WHERE entity_type = $1)::text AS r,
              (SELECT count(*) FROM golden_entities WHERE entity_type = $1)::text AS g`,
      [entityType],
    );
    return { sourceRecords: Number(row.s), resolutionRecords: Number(row.r), goldens: Number(row.g) };
  }

  /** `n` ids of the source-record sequence, ascending. */
  async reserveRecordIds(m: EntityManager, n: number): Promise<string[]> {
    if (n === 0) return [];
    const rows: Array<{ id: string }> = await m.query(
      `SELECT nextval(pg_get_serial_sequence('source_records', 'id'))::text AS id
         FROM generate_series(1, $1::int)`,
      [n],
    );
    return rows.map((r) => r.id).sort((x, y) => x.length - y.length || (x < y ? -1 : x > y ? 1 : 0));
  }

  async copySourceRecords(
    m: EntityManager,
    entityType: string,
    records: FoldedRecord[],
    batchTime: (batch: number) => Date,
  ): Promise<number> {
    return copyRows(
      await client(m),
      'source_records',
      [
        'id',
        'entity_type',
        'domain',
        'source_id',
        'attributes',
        'references',
        'version',
        'occurred_at',
        'deleted',
        'last_event_id',
        'created_at',
        'updated_at',
      ],
      map(records, (r) => {
        const s = r.state;
        const [created, updated] = [iso(batchTime(r.createdBatch)), iso(batchTime(r.updatedBatch))];
        return [
          s.recordId,
          entityType,
          r.domain,
          r.sourceId,
          JSON.stringify(s.attributes),
          JSON.stringify(s.references),
          s.version === null ? null : s.version.toString(),
          s.occurredAt,
          s.deleted,
          s.lastEventId,
          created,
          updated,
        ];
      }),
    );
  }

  async copyHistory(m: EntityManager, rows: Iterable<HistoryRow>): Promise<number> {
    return copyRows(
      await client(m),
      'source_record_history',
      ['record_id', 'event_id', 'op', 'version', 'occurred_at', 'attributes', 'references'],
      map(rows, (r) => [
        r.recordId,
        r.eventId,
        r.op,
        r.version,
        r.occurredAt,
        r.attributes === null ? null : JSON.stringify(r.attributes),
        r.references === null ? null : JSON.stringify(r.references),
      ]),
    );
  }

  async copyProcessed(m: EntityManager, rows: Iterable<ProcessedRow>): Promise<number> {
    return copyRows(
      await client(m),
      'processed_events',
      ['event_id', 'outcome', 'record_id', 'fingerprint'],
      map(rows, (r) => [r.eventId, r.outcome, r.recordId, r.fingerprint]),
    );
  }

  async copyBlockingKeys(
    m: EntityManager,
    entityType: string,
    rows: Iterable<{ recordId: string; domain: string; keys: string[] }>,
  ): Promise<number> {
    function* lines(): Generator<string[]> {
      for (const r of rows) for (const key of r.keys) yield [entityType, key, r.recordId, r.domain];
    }
    return copyRows(await client(m), 'blocking_keys', ['entity_type', 'key', 'record_id', 'domain'], lines());
  }

  async copyEdges(m: EntityManager, entityType: string, edges: EdgeRow[]): Promise<number> {
    return copyRows(
      await client(m),
      'match_edges',
      ['record_a', 'record_b', 'entity_type', 'kind', 'score', 'probability', 'explanation'],
      map(edges, (e) => [
        e.a,
        e.b,
        entityType,
        e.kind,
        e.score,
        e.probability,
        JSON.stringify(e.explanation),
      ]),
    );
  }

  async copyGoldens(m: EntityManager, entityType: string, goldens: GoldenInsert[]): Promise<number> {
    return copyRows(
      await client(m),
      'golden_entities',
      [
        'golden_id',
        'entity_type',
        'status',
        'version',
        'survivor_id',
        'split_from',
        'attributes',
        'member_count',
        'created_at',
        'updated_at',
      ],
      map(goldens, (g) => [
        g.goldenId,
        entityType,
        g.status,
        g.version,
        g.survivorId,
        g.splitFrom,
        JSON.stringify(g.attributes),
        g.memberCount,
        iso(g.createdAt),
        iso(g.createdAt),
      ]),
    );
  }

  async copyResolutionRecords(
    m: EntityManager,
    entityType: string,
    rows: ResolutionInsert[],
  ): Promise<number> {
    return copyRows(
      await client(m),
      'resolution_records',
      ['record_id', 'entity_type', 'domain', 'source_id', 'prepared', 'golden_id', 'updated_at'],
      map(rows, (r) => [
        r.recordId,
        entityType,
        r.domain,
        r.sourceId,
        JSON.stringify(r.prepared),
        r.goldenId,
        iso(r.updatedAt),
      ]),
    );
  }

  async copyMemberships(
    m: EntityManager,
    entityType: string,
    rows: Array<MembershipChange & { validFrom: Date }>,
  ): Promise<number> {
    return copyRows(
      await client(m),
      'golden_memberships',
      ['golden_id', 'record_id', 'entity_type', 'domain', 'source_id', 'cause', 'valid_from'],
      map(rows, (r) => [r.goldenId, r.recordId, entityType, r.domain, r.sourceId, r.cause, iso(r.validFrom)]),
    );
  }

  /**
   * Golden events in order (the outbox id, the relay's order, follows the rows' order), and their
   * golden ids queued for the search indexer, as GoldenOutboxRepository.append does. The outbox's
   * statement trigger wakes the relay at commit.
   */
  async copyOutbox(m: EntityManager, events: GoldenEvent[], createdAt: Date): Promise<number> {
    // The xref topic's entries ride on their event, as GoldenOutboxRepository.append writes them;
    // created_at is the memberships' valid_from (the relay stamps the xref entries with it).
    const xref = xrefEntriesOf(events);
    const copied = await copyRows(
      await client(m),
      'golden_outbox',
      ['golden_id', 'version', 'event_type', 'payload', 'xref', 'created_at'],
      map(events.keys(), (i) => {
        const e = events[i];
        const x = xref[i];
        return [
          e.goldenId,
          e.version,
          e.type,
          JSON.stringify(e),
          x ? JSON.stringify(x) : null,
          iso(createdAt),
        ];
      }),
    );
    await copyRows(
      await client(m),
      'golden_search_queue',
      ['golden_id'],
      map(new Set(events.map((e) => e.goldenId)), (g) => [g]),
    );
    return copied;
  }
}

function* map<T, R>(items: Iterable<T>, f: (item: T) => R): Generator<R> {
  for (const item of items) yield f(item);
}

/** The transaction's own pg connection (COPY is below TypeORM's API). */
async function client(m: EntityManager): Promise<PoolClient> {
  const runner = m.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('the backfill writes inside its transaction');
  return (await runner.connect()) as PoolClient;
}
