import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Explanation, PreparedRecord } from '../../engine';
import type { EdgeKind } from './match-edge.entity';
import type { RecordPair } from './record-pair';
import { PreparedCache } from './prepared-cache';

/** A resolved record's identity and golden id: what traversing a component needs. */
export interface RecordRef {
  recordId: string;
  domain: string;
  sourceId: string;
  goldenId: string;
}

export interface ResolutionRow extends RecordRef {
  prepared: PreparedRecord;
}

/** An edge as clustering sees it; its explanation is read only where one is needed (EdgeRow). */
export interface EdgeLink {
  a: string;
  b: string;
  kind: EdgeKind;
  score: number;
}

export interface ScopeEdgeRow extends EdgeLink {
  domainA: string | null;
  domainB: string | null;
}

export interface EdgeRow {
  a: string;
  b: string;
  kind: EdgeKind;
  score: number;
  probability: number;
  explanation: Explanation;
}

export interface CandidateBlocks {
  /** key → record ids in that block (blocks within their size cap only). */
  blocks: Map<string, string[]>;
  /** Keys skipped by the skew guard: more members than the cap. */
  skipped: string[];
  /** The skipped keys' block sizes, counted up to cap + slack + 1. */
  sizes: Map<string, number>;
}

/**
 * SQL of the resolution core: the blocking index, candidate retrieval under the skew guard, match
 * edges and the lock buckets. Every method takes the caller's EntityManager, so it runs inside the
 * ingestion transaction. Rows with JSON values go as one JSON document (`json_to_recordset`), not
 * as arrays of JSON texts, which pg would escape value by value into an array literal.
 */
@Injectable()
export class ResolutionRepository {
  private readonly prepared = new PreparedCache();

  /** Row locks on lock buckets, in ascending order so that concurrent batches cannot deadlock here. */
  async lockBuckets(m: EntityManager, buckets: number[]): Promise<void> {
    if (buckets.length === 0) return;
    await m.query(
      `SELECT bucket FROM resolution_lock_buckets WHERE bucket = ANY($1::int[]) ORDER BY bucket FOR UPDATE`,
      [buckets],
    );
  }

  async keysOf(m: EntityManager, recordIds: string[]): Promise<Map<string, string[]>> {
    if (recordIds.length === 0) return new Map();
    const rows: Array<{ record_id: string; key: string }> = await m.query(
      `SELECT record_id::text, key FROM blocking_keys WHERE record_id = ANY($1::bigint[])`,
      [recordIds],
    );
    const keys = new Map<string, string[]>();
    for (const { record_id, key } of rows) {
      if (!keys.has(record_id)) keys.set(record_id, []);
      keys.get(record_id)!.push(key);
    }
    return keys;
  }

  /**
   * Sets the blocking keys of `recordIds` (stored before) and of the records in `rows` to `rows`, in
   * one statement that touches only the difference: the keys a record lost are deleted, the ones it
   * gained inserted, and the ones it kept (most of them, for an update) are left alone, index
   * entries and all. The delete and the insert never meet the same row, so they can share a
   * statement.
   */
  async replaceKeys(
    m: EntityManager,
    entityType: string,
    recordIds: string[],
    rows: Array<{ recordId: string; key: string; domain: string }>,
  ): Promise<void> {
    if (recordIds.length === 0 && rows.length === 0) return;
    await m.query(
      `WITH wanted AS (
         SELECT k, r, d FROM unnest($2::text[], $3::bigint[], $5::text[]) AS t(k, r, d)
       ), lost AS (
         DELETE FROM blocking_keys b
          WHERE b.record_id = ANY($4::bigint[])
            AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.r = b.record_id AND w.k = b.key AND b.entity_type = $1)
       )
       INSERT INTO blocking_keys (entity_type, key, record_id, domain)
       SELECT $1, k, r, d FROM wanted ON CONFLICT DO NOTHING`,
      [entityType, rows.map((r) => r.key), rows.map((r) => r.recordId), recordIds, rows.map((r) => r.domain)],
    );
  }

  /**
   * The members of each key's block, reading at most cap + slack + 1 rows per key: a block over its
   * cap is reported as skipped and never scanned further, so one common value ("smith") costs a
   * bounded amount of work. The slack (the members the caller just added) tells whether the block
   * was within its cap before them (skew-prune.ts). A key's `ownDomain` (linkage across domains:
   * the domain of every changed record holding it) leaves that domain's members out of its block,
   * never read further; the cap still counts them, as it is on the whole block.
   */
  async candidateBlocks(
    m: EntityManager,
    entityType: string,
    keys: string[],
    limits: { caps: number[]; slack: number[]; ownDomain?: Array<string | null> },
  ): Promise<CandidateBlocks> {
    const { caps, slack, ownDomain } = limits;
    const blocks = new Map<string, string[]>();
    const skipped: string[] = [];
    const sizes = new Map<string, number>();
    if (keys.length === 0) return { blocks, skipped, sizes };
    const lims = caps.map((cap, i) => cap + slack[i]);
    // Each key's members read (up to its limit) and those of them kept.
    const read = new Map<string, { n: number; ids: string[] }>();
    if (ownDomain?.some((d) => d !== null)) {
      const rows: Array<{ key: string; n: number; ids: string[] }> = await m.query(
        `SELECT k.key, b.n, b.ids
           FROM unnest($2::text[], $3::int[], $4::text[]) AS k(key, lim, own)
           CROSS JOIN LATERAL (
             SELECT count(*)::int AS n,
                    coalesce(array_agg(record_id::text) FILTER (WHERE own IS NULL OR domain <> own), '{}') AS ids
               FROM (SELECT record_id, domain FROM blocking_keys
                      WHERE entity_type = $1 AND key = k.key LIMIT k.lim + 1) x
           ) b`,
        [entityType, keys, lims, ownDomain],
      );
      for (const { key, n, ids } of rows) read.set(key, { n, ids });
    } else {
      const rows: Array<{ key: string; record_id: string }> = await m.query(
        `SELECT k.key, b.record_id::text
           FROM unnest($2::text[], $3::int[]) AS k(key, lim)
           CROSS JOIN LATERAL (
             SELECT record_id FROM blocking_keys
              WHERE entity_type = $1 AND key = k.key
              LIMIT k.lim + 1
           ) b`,
        [entityType, keys, lims],
      );
      for (const { key, record_id } of rows) {
        if (!read.has(key)) read.set(key, { n: 0, ids: [] });
        const block = read.get(key)!;
        block.n++;
        block.ids.push(record_id);
      }
    }
    keys.forEach((key, i) => {
      const block = read.get(key);
      if (!block) return;
      if (block.n > caps[i]) {
        sizes.set(key, block.n);
        skipped.push(key);
      } else if (block.ids.length > 0) blocks.set(key, block.ids);
    });
    return { blocks, skipped, sizes };
  }

  /** Each key's block size, counted up to its limit (a block larger than its limit reads as the limit + 1). */
  async blockSizes(
    m: EntityManager,
    entityType: string,
    keys: string[],
    limits: number[],
  ): Promise<Map<string, number>> {
    if (keys.length === 0) return new Map();
    const rows: Array<{ key: string; n: number }> = await m.query(
      `SELECT k.key, (SELECT count(*)::int FROM (
                SELECT 1 FROM blocking_keys WHERE entity_type = $1 AND key = k.key LIMIT k.lim + 1) b) AS n
         FROM unnest($2::text[], $3::int[]) AS k(key, lim)`,
      [entityType, keys, limits],
    );
    return new Map(rows.map((r) => [r.key, r.n]));
  }

  /**
   * The pairs `listed` (automatic edges, open review items) whose two records both hold one of
   * `keys`, with every key the two share: what a block growing past its cap may have to give up.
   * Three lookups by index (the keys' members, the pairs listed by their lower record, the pairs'
   * keys) joined here: as one statement the planner probed every pair of a block against the edges
   * and scanned the key index by entity type per pair (30 s for 15 keys of 50–80 members on
   * 10,000 products).
   */
  async pairsSharing<P extends RecordPair>(
    m: EntityManager,
    entityType: string,
    keys: string[],
    listed: (lowerIds: string[]) => Promise<P[]>,
  ): Promise<Array<P & { shared: string[] }>> {
    if (keys.length === 0) return [];
    const members: Array<{ key: string; record_id: string }> = await m.query(
      `SELECT key, record_id::text FROM blocking_keys WHERE entity_type = $1 AND key = ANY($2::text[])`,
      [entityType, keys],
    );
    const heldKeys = new Map<string, Set<string>>();
    for (const { key, record_id } of members) {
      if (!heldKeys.has(record_id)) heldKeys.set(record_id, new Set());
      heldKeys.get(record_id)!.add(key);
    }
    if (heldKeys.size === 0) return [];
    const inBlock = (await listed([...heldKeys.keys()])).filter(({ a, b }) => {
      const bKeys = heldKeys.get(b);
      return bKeys !== undefined && [...(heldKeys.get(a) ?? [])].some((k) => bKeys.has(k));
    });
    // A record's keys are all of its entity type, so the record index alone finds them.
    const keysOf = await this.keysOf(m, [...new Set(inBlock.flatMap((p) => [p.a, p.b]))]);
    return inBlock.map((p) => {
      const bKeys = new Set(keysOf.get(p.b));
      return { ...p, shared: (keysOf.get(p.a) ?? []).filter((k) => bKeys.has(k)).sort() };
    });
  }

  /** The automatic edges whose lower record is one of `recordIds`. */
  async autoEdgesFrom(m: EntityManager, recordIds: string[]): Promise<RecordPair[]> {
    if (recordIds.length === 0) return [];
    return m.query(
      `SELECT record_a::text AS a, record_b::text AS b FROM match_edges
        WHERE record_a = ANY($1::bigint[]) AND kind = 'auto'`,
      [recordIds],
    );
  }

  /** Deletes the automatic edges of the given pairs (a < b); steward links stay. */
  async deleteAutoEdges(m: EntityManager, pairs: Array<{ a: string; b: string }>): Promise<void> {
    if (pairs.length === 0) return;
    await m.query(
      `DELETE FROM match_edges e USING unnest($1::bigint[], $2::bigint[]) AS p(a, b)
        WHERE e.record_a = p.a AND e.record_b = p.b AND e.kind = 'auto'`,
      [pairs.map((p) => p.a), pairs.map((p) => p.b)],
    );
  }

  /**
   * The records with their prepared forms. A product meets ~200 candidates, mostly the same few
   * thousand records batch after batch, so parsed prepared forms are kept by row version (PreparedCache)
   * and a row whose version the cache holds comes back without its JSON: Postgres neither renders it
   * nor does pg parse it again.
   */
  async loadRecords(m: EntityManager, recordIds: string[]): Promise<ResolutionRow[]> {
    if (recordIds.length === 0) return [];
    const held = this.prepared.held(recordIds);
    const rows: Array<{
      record_id: string;
      domain: string;
      source_id: string;
      prepared: PreparedRecord | null;
      golden_id: string;
      version: string | null;
    }> = await m.query(
      `SELECT r.record_id::text, r.domain, r.source_id, r.golden_id,
              CASE WHEN r.xmin::text = c.v THEN NULL ELSE r.prepared END AS prepared,
              CASE WHEN r.xmin = pg_current_xact_id_if_assigned()::xid THEN NULL ELSE r.xmin::text END AS version
         FROM unnest($1::bigint[], $2::text[]) AS c(id, v)
         JOIN resolution_records r ON r.record_id = c.id`,
      [recordIds, recordIds.map((id) => held.get(id)?.version ?? null)],
    );
    return rows.map((r) => {
      // No JSON: the row has the version sent, so the held form is that row's.
      const prepared = r.prepared ?? held.get(r.record_id)!.prepared;
      if (r.prepared !== null && r.version !== null) this.prepared.keep(r.record_id, r.version, prepared);
      return {
        recordId: r.record_id,
        domain: r.domain,
        sourceId: r.source_id,
        prepared,
        goldenId: r.golden_id,
      };
    });
  }

  /** Like loadRecords without the prepared form (the bulk of a row): for traversals. */
  async loadRefs(m: EntityManager, recordIds: string[]): Promise<RecordRef[]> {
    if (recordIds.length === 0) return [];
    return refs(
      await m.query(
        `SELECT record_id::text, domain, source_id, golden_id FROM resolution_records WHERE record_id = ANY($1::bigint[])`,
        [recordIds],
      ),
    );
  }

  /** The members of golden entities (without their prepared forms). */
  async memberRefs(m: EntityManager, goldenIds: string[]): Promise<RecordRef[]> {
    if (goldenIds.length === 0) return [];
    return refs(
      await m.query(
        `SELECT record_id::text, domain, source_id, golden_id FROM resolution_records WHERE golden_id = ANY($1::text[])`,
        [goldenIds],
      ),
    );
  }

  /** Moves already stored records to another golden entity (their prepared form is unchanged). */
  async relinkRecords(m: EntityManager, rows: Array<{ recordId: string; goldenId: string }>): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `UPDATE resolution_records r SET golden_id = t.g, updated_at = now()
         FROM unnest($1::bigint[], $2::text[]) AS t(id, g) WHERE r.record_id = t.id`,
      [rows.map((r) => r.recordId), rows.map((r) => r.goldenId)],
    );
  }

  async deleteRecords(m: EntityManager, recordIds: string[]): Promise<void> {
    if (recordIds.length === 0) return;
    await m.query(`DELETE FROM resolution_records WHERE record_id = ANY($1::bigint[])`, [recordIds]);
  }

  async upsertRecords(m: EntityManager, entityType: string, rows: ResolutionRow[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO resolution_records (record_id, entity_type, domain, source_id, prepared, golden_id, updated_at)
       SELECT r, $1, d, s, p, g, now() FROM json_to_recordset($2::json) AS t(r bigint, d text, s text, p jsonb, g text)
       ON CONFLICT (record_id) DO UPDATE
         SET prepared = EXCLUDED.prepared, golden_id = EXCLUDED.golden_id, updated_at = now()`,
      [
        entityType,
        JSON.stringify(
          rows.map((r) => ({ r: r.recordId, d: r.domain, s: r.sourceId, p: r.prepared, g: r.goldenId })),
        ),
      ],
    );
  }

  /**
   * Every edge of the records, with both ends' domains: what the component traversal decides on. A
   * record resolved in the running transaction is not stored yet: its domain comes back null.
   */
  async edgesTouching(m: EntityManager, recordIds: string[]): Promise<ScopeEdgeRow[]> {
    if (recordIds.length === 0) return [];
    return m.query(
      `SELECT e.record_a::text AS a, e.record_b::text AS b, e.kind, e.score,
              ra.domain AS "domainA", rb.domain AS "domainB"
         FROM match_edges e
         LEFT JOIN resolution_records ra ON ra.record_id = e.record_a
         LEFT JOIN resolution_records rb ON rb.record_id = e.record_b
        WHERE e.record_a = ANY($1::bigint[]) OR e.record_b = ANY($1::bigint[])`,
      [recordIds],
    );
  }

  /** Edges with both ends in the set, as clustering needs them. */
  async edgesAmong(m: EntityManager, recordIds: string[]): Promise<EdgeLink[]> {
    if (recordIds.length === 0) return [];
    return m.query(
      `SELECT record_a::text AS a, record_b::text AS b, kind, score FROM match_edges
        WHERE record_a = ANY($1::bigint[]) AND record_b = ANY($1::bigint[])`,
      [recordIds],
    );
  }

  /** Scores and explanations of the given pairs (a < b), in their order, e.g. the matches a guard refused. */
  async edgeDetails(m: EntityManager, pairs: Array<{ a: string; b: string }>): Promise<EdgeRow[]> {
    if (pairs.length === 0) return [];
    const rows: EdgeRow[] = await m.query(
      `SELECT e.record_a::text AS a, e.record_b::text AS b, e.kind, e.score, e.probability, e.explanation
         FROM unnest($1::bigint[], $2::bigint[]) AS p(a, b)
         JOIN match_edges e ON e.record_a = p.a AND e.record_b = p.b`,
      [pairs.map((p) => p.a), pairs.map((p) => p.b)],
    );
    const byPair = new Map(rows.map((r) => [`${r.a}:${r.b}`, r]));
    return pairs.flatMap((p) => byPair.get(`${p.a}:${p.b}`) ?? []);
  }

  /** Drops the automatic edges of re-evaluated records (steward links stay) and all edges of deleted ones. */
  /** Deletes the edges and returns the ids of the records they joined (both ends). */
  async deleteEdges(m: EntityManager, reevaluated: string[], deleted: string[]): Promise<string[]> {
    if (reevaluated.length === 0 && deleted.length === 0) return [];
    const rows: Array<{ a: string; b: string }> = await m.query(
      `WITH gone AS (
         DELETE FROM match_edges
          WHERE (kind = 'auto' AND (record_a = ANY($1::bigint[]) OR record_b = ANY($1::bigint[])))
             OR record_a = ANY($2::bigint[]) OR record_b = ANY($2::bigint[])
          RETURNING record_a, record_b)
       SELECT record_a::text AS a, record_b::text AS b FROM gone`,
      [reevaluated, deleted],
    );
    return [...new Set(rows.flatMap((r) => [r.a, r.b]))];
  }

  async insertEdges(m: EntityManager, entityType: string, edges: EdgeRow[]): Promise<void> {
    if (edges.length === 0) return;
    await m.query(
      `INSERT INTO match_edges (record_a, record_b, entity_type, kind, score, probability, explanation)
       SELECT a, b, $1, k, s, p, e
         FROM json_to_recordset($2::json) AS t(a bigint, b bigint, k text, s float8, p float8, e jsonb)
       ON CONFLICT (record_a, record_b) DO NOTHING`,
      [
        entityType,
        JSON.stringify(
          edges.map((e) => ({ a: e.a, b: e.b, k: e.kind, s: e.score, p: e.probability, e: e.explanation })),
        ),
      ],
    );
  }
}

function refs(
  rows: Array<{ record_id: string; domain: string; source_id: string; golden_id: string }>,
): RecordRef[] {
  return rows.map((r) => ({
    recordId: r.record_id,
    domain: r.domain,
    sourceId: r.source_id,
    goldenId: r.golden_id,
  }));
}
