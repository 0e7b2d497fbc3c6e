import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { PreparedRecord } from '../../engine';
import type { GoldenStatus } from '../../core/resolution/golden-entity.entity';

export interface MemberKey {
  domain: string;
  sourceId: string;
}

/** A source record as stewardship sees it: its key, and its golden id while it is live. */
export interface StewardRecord extends MemberKey {
  recordId: string;
  /** null when the record is deleted (it belongs to no golden entity). */
  goldenId: string | null;
}

export interface GoldenState {
  goldenId: string;
  entityType: string;
  status: GoldenStatus;
  survivorId: string | null;
}

/** The golden entities of a set of records, whole, as the audit log and responses show them. */
export interface EntitySnapshot {
  goldenId: string;
  members: MemberKey[];
}

/** Reads of records, golden entities and members that steward operations validate against. */
@Injectable()
export class StewardRecordRepository {
  /** Records by key (missing keys are absent from the result), keyed by `memberKey`. */
  async findByKeys(
    m: EntityManager,
    entityType: string,
    keys: MemberKey[],
  ): Promise<Map<string, StewardRecord>> {
    if (keys.length === 0) return new Map();
    const rows: Array<{ id: string; domain: string; source_id: string; golden_id: string | null }> =
      await m.query(
        `SELECT s.id::text, s.domain, s.source_id, r.golden_id
           FROM unnest($2::text[], $3::text[]) AS k(domain, source_id)
           JOIN source_records s ON s.entity_type = $1 AND s.domain = k.domain AND s.source_id = k.source_id
           LEFT JOIN resolution_records r ON r.record_id = s.id AND NOT s.deleted`,
        [entityType, keys.map((k) => k.domain), keys.map((k) => k.sourceId)],
      );
    const records = rows.map((r): StewardRecord => ({
      recordId: r.id,
      domain: r.domain,
      sourceId: r.source_id,
      goldenId: r.golden_id,
    }));
    return new Map(records.map((r) => [memberKey(r), r]));
  }

  /** Live records by id. */
  async byIds(m: EntityManager, recordIds: string[]): Promise<StewardRecord[]> {
    if (recordIds.length === 0) return [];
    const rows: Array<{ record_id: string; domain: string; source_id: string; golden_id: string }> =
      await m.query(
        `SELECT record_id::text, domain, source_id, golden_id FROM resolution_records
          WHERE record_id = ANY($1::bigint[]) ORDER BY record_id`,
        [recordIds],
      );
    return rows.map((r) => ({
      recordId: r.record_id,
      domain: r.domain,
      sourceId: r.source_id,
      goldenId: r.golden_id,
    }));
  }

  async golden(m: EntityManager, goldenId: string): Promise<GoldenState | null> {
    const [row]: Array<{
      golden_id: string;
      entity_type: string;
      status: GoldenStatus;
      survivor_id: string | null;
    }> = await m.query(
      `SELECT golden_id, entity_type, status, survivor_id FROM golden_entities WHERE golden_id = $1`,
      [goldenId],
    );
    return row
      ? {
          goldenId: row.golden_id,
          entityType: row.entity_type,
          status: row.status,
          survivorId: row.survivor_id,
        }
      : null;
  }

  /** Current members of golden entities, oldest record first (the id-survival order). */
  async members(m: EntityManager, goldenIds: string[]): Promise<StewardRecord[]> {
    if (goldenIds.length === 0) return [];
    const rows: Array<{ record_id: string; domain: string; source_id: string; golden_id: string }> =
      await m.query(
        `SELECT record_id::text, domain, source_id, golden_id FROM resolution_records
          WHERE golden_id = ANY($1::text[]) ORDER BY record_id`,
        [goldenIds],
      );
    return rows.map((r) => ({
      recordId: r.record_id,
      domain: r.domain,
      sourceId: r.source_id,
      goldenId: r.golden_id,
    }));
  }

  /** The prepared (normalized) forms the matcher scores, for live records. */
  async prepared(m: EntityManager, recordIds: string[]): Promise<Map<string, PreparedRecord>> {
    if (recordIds.length === 0) return new Map();
    const rows: Array<{ record_id: string; prepared: PreparedRecord }> = await m.query(
      `SELECT record_id::text, prepared FROM resolution_records WHERE record_id = ANY($1::bigint[])`,
      [recordIds],
    );
    return new Map(rows.map((r) => [r.record_id, r.prepared]));
  }

  /** The current golden entities of the records, each with all its members. */
  async snapshot(m: EntityManager, recordIds: string[]): Promise<EntitySnapshot[]> {
    if (recordIds.length === 0) return [];
    const rows: Array<{ golden_id: string; members: MemberKey[] }> = await m.query(
      `SELECT r.golden_id,
              json_agg(json_build_object('domain', r.domain, 'sourceId', r.source_id)
                       ORDER BY r.domain, r.source_id) AS members
         FROM resolution_records r
        WHERE r.golden_id IN (SELECT golden_id FROM resolution_records WHERE record_id = ANY($1::bigint[]))
        GROUP BY r.golden_id
        ORDER BY r.golden_id`,
      [recordIds],
    );
    return rows.map((r) => ({ goldenId: r.golden_id, members: r.members }));
  }
}

/** A map key for a (domain, sourceId) pair; NUL cannot occur in either. */
export const memberKey = (k: MemberKey): string => `${k.domain}\u0000${k.sourceId}`;
