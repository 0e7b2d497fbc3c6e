import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { EntityManager } from 'typeorm';
import type { GoldenEvent } from '../events/golden-event';
import { xrefEntriesOf } from '../events/xref-change';
import type { MembershipChange } from '../../engine/resolution/golden-changes';
import type { GoldenUpdate } from '../../engine/resolution/golden-changes';
import type { HistoryRow, ProcessedRow } from '../ingestion/source-record.repository';
import type { EdgeRow } from '../resolution/resolution.repository';
import type { Explanation, PreparedRecord } from '../../engine';
import type { Attributes } from '../ingestion/change-event.dto';
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

/** A live record's resolution inputs, kept in the transaction's staging table until it is resolved. */
export interface StagedRecord {
  index: number;
  recordId: string;
  domain: string;
  sourceId: string;
  keys: string[];
  prepared: PreparedRecord;
}

/** A staged record read back with one of its blocks (key order, then id order). */
export interface BlockRow {
  key: string;
  idx: number;
  record_id: string;
  domain: string;
  keys: string[];
  prepared: PreparedRecord;
}

/** A live record read back with its component (component order, then id order). */
export interface ComponentRow {
  comp: number;
  idx: number;
  record_id: string;
  domain: string;
  source_id: string;
  attributes: Attributes;
  /** Only for records of a component of several, when the disagreement guard needs it. */
  prepared: PreparedRecord | null;
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

  /**
   * The resolution records, from the staging table and the golden ids given by `copyAssignment`:
   * the prepared forms go from table to table without a trip through Node.
   */
  async insertResolutionRecords(m: EntityManager, entityType: string): Promise<number> {
    const { rowCount } = await (
      await client(m)
    ).query(
      `INSERT INTO resolution_records (record_id, entity_type, domain, source_id, prepared, golden_id, updated_at)
       SELECT r.record_id, $1, r.domain, r.source_id, r.prepared, g.golden_id, g.updated_at
         FROM backfill_records r JOIN backfill_goldens g USING (idx)`,
      [entityType],
    );
    return rowCount ?? 0;
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

  /**
   * The transaction's staging tables (dropped at its end): live records with their keys and
   * prepared forms, then the component of every record and the golden id of every live one.
   */
  async createStaging(m: EntityManager): Promise<void> {
    await m.query(
      `CREATE TEMP TABLE backfill_records (idx int PRIMARY KEY, record_id bigint NOT NULL, domain text NOT NULL,
         source_id text NOT NULL, keys text[] NOT NULL, prepared jsonb NOT NULL) ON COMMIT DROP`,
    );
    await m.query(
      `CREATE TEMP TABLE backfill_components (idx int NOT NULL, comp int NOT NULL, multi boolean NOT NULL) ON COMMIT DROP`,
    );
    await m.query(
      `CREATE TEMP TABLE backfill_goldens (idx int NOT NULL, golden_id text NOT NULL, updated_at timestamptz NOT NULL)
         ON COMMIT DROP`,
    );
  }

  async copyStaged(m: EntityManager, rows: Iterable<StagedRecord>): Promise<number> {
    return copyRows(
      await client(m),
      'backfill_records',
      ['idx', 'record_id', 'domain', 'source_id', 'keys', 'prepared'],
      map(rows, (r) => [
        r.index,
        r.recordId,
        r.domain,
        r.sourceId,
        textArray(r.keys),
        JSON.stringify(r.prepared),
      ]),
    );
  }

  /**
   * Records an earlier chunk wrote that changed again: their source row takes the new state, and
   * their staged form and blocking keys go (the live ones are staged again with the chunk).
   */
  async unstage(
    m: EntityManager,
    entityType: string,
    records: FoldedRecord[],
    batchTime: (batch: number) => Date,
  ): Promise<void> {
    if (records.length === 0) return;
    const ids = records.map((r) => r.state.recordId);
    await m.query(
      `UPDATE source_records s
          SET attributes = t.attributes, "references" = t.refs, version = t.version, occurred_at = t.occurred_at,
              deleted = t.deleted, last_event_id = t.last_event_id, updated_at = t.updated_at
         FROM unnest($1::bigint[], $2::jsonb[], $3::jsonb[], $4::bigint[], $5::timestamptz[], $6::boolean[],
                     $7::text[], $8::timestamptz[])
              AS t(id, attributes, refs, version, occurred_at, deleted, last_event_id, updated_at)
        WHERE s.id = t.id`,
      [
        ids,
        records.map((r) => JSON.stringify(r.state.attributes)),
        records.map((r) => JSON.stringify(r.state.references)),
        records.map((r) => (r.state.version === null ? null : r.state.version.toString())),
        records.map((r) => r.state.occurredAt),
        records.map((r) => r.state.deleted),
        records.map((r) => r.state.lastEventId),
        records.map((r) => iso(batchTime(r.updatedBatch))),
      ],
    );
    await m.query(`DELETE FROM backfill_records WHERE idx = ANY($1::int[])`, [records.map((r) => r.index)]);
    await m.query(`DELETE FROM blocking_keys WHERE entity_type = $1 AND record_id = ANY($2::bigint[])`, [
      entityType,
      ids,
    ]);
  }

  /** Staged keys held by more than `atLeast` records, with their members' indexes in id order. */
  async crowdedKeys(m: EntityManager, atLeast: number): Promise<Array<{ key: string; members: number[] }>> {
    return m.query(
      `SELECT key, array_agg(idx ORDER BY idx) AS members
         FROM (SELECT unnest(keys) AS key, idx FROM backfill_records) k
        GROUP BY key HAVING count(*) > $1`,
      [atLeast],
    );
  }

  /** Every block of two or more staged records, member by member: key order, then id order. */
  blockRows(m: EntityManager): AsyncGenerator<BlockRow[]> {
    return cursor<BlockRow>(
      m,
      'backfill_blocks',
      `WITH k AS (SELECT unnest(keys) AS key, idx FROM backfill_records),
            shared AS (SELECT key FROM k GROUP BY key HAVING count(*) > 1)
       SELECT k.key, r.idx, r.record_id::text AS record_id, r.domain, r.keys, r.prepared
         FROM k JOIN shared USING (key) JOIN backfill_records r USING (idx)
        ORDER BY k.key COLLATE "C", r.idx`,
    );
  }

  /** Each record's component (`comp`) and whether it has other members. */
  async copyComponents(
    m: EntityManager,
    rows: Iterable<readonly [number, number, boolean]>,
  ): Promise<number> {
    return copyRows(await client(m), 'backfill_components', ['idx', 'comp', 'multi'], rows);
  }

  /** The live records with their source attributes, component by component. */
  componentRows(m: EntityManager, withPrepared: boolean): AsyncGenerator<ComponentRow[]> {
    return cursor<ComponentRow>(
      m,
      'backfill_resolve',
      `SELECT c.comp, r.idx, r.record_id::text AS record_id, r.domain, r.source_id, s.attributes,
              ${withPrepared ? 'CASE WHEN c.multi THEN r.prepared END' : 'NULL::jsonb'} AS prepared
         FROM backfill_components c JOIN backfill_records r USING (idx) JOIN source_records s ON s.id = r.record_id
        ORDER BY c.comp, r.idx`,
    );
  }

  async copyAssignment(
    m: EntityManager,
    rows: Iterable<{ index: number; goldenId: string; updatedAt: Date }>,
  ): Promise<number> {
    return copyRows(
      await client(m),
      'backfill_goldens',
      ['idx', 'golden_id', 'updated_at'],
      map(rows, (r) => [r.index, r.goldenId, iso(r.updatedAt)]),
    );
  }

  /** The stored match edges of the pairs (a < b), with their scores and explanations. */
  async scoredEdges(
    m: EntityManager,
    pairs: Array<{ a: string; b: string }>,
  ): Promise<Array<{ a: string; b: string; score: number; probability: number; explanation: Explanation }>> {
    if (pairs.length === 0) return [];
    return m.query(
      `SELECT e.record_a::text AS a, e.record_b::text AS b, e.score, e.probability, e.explanation
         FROM match_edges e JOIN unnest($1::bigint[], $2::bigint[]) AS p(a, b) ON e.record_a = p.a AND e.record_b = p.b`,
      [pairs.map((p) => p.a), pairs.map((p) => p.b)],
    );
  }
}

/**
 * Reads a query's rows a slice at a time through a cursor of the transaction (the result of a
 * million records never sits in memory whole); other statements may run between slices.
 */
async function* cursor<T>(m: EntityManager, name: string, sql: string, slice = 2000): AsyncGenerator<T[]> {
  const pg = await client(m);
  await pg.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`);
  for (;;) {
    const { rows } = await pg.query(`FETCH ${slice} FROM ${name}`);
    if (rows.length === 0) break;
    yield rows as T[];
  }
  await pg.query(`CLOSE ${name}`);
}

/** A text[] literal for COPY: every element quoted. */
function textArray(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
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
