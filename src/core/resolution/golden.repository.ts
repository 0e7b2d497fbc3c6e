import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { SurvivorMember } from '../../engine/survivorship/survive';
import type { GoldenStatus, SurvivedAttribute } from './golden-entity.entity';
import type { MembershipChange } from '../../engine/resolution/golden-changes';

export interface GoldenRow {
  goldenId: string;
  status: GoldenStatus;
  version: number;
  createdAt: Date;
  attributes: Record<string, SurvivedAttribute>;
}

export type { MembershipChange };

/**
 * SQL for golden entities and their membership intervals. Rows with JSON values go as one JSON
 * document (`json_to_recordset`), not as arrays of JSON texts escaped value by value.
 */
@Injectable()
export class GoldenRepository {
  /** Locks the golden rows (ascending id order) and returns their state. */
  async lock(m: EntityManager, goldenIds: string[]): Promise<Map<string, GoldenRow>> {
    if (goldenIds.length === 0) return new Map();
    const rows: Array<{
      golden_id: string;
      status: GoldenStatus;
      version: number;
      created_at: Date;
      attributes: Record<string, SurvivedAttribute>;
    }> = await m.query(
      `SELECT golden_id, status, version, created_at, attributes FROM golden_entities
          WHERE golden_id = ANY($1::text[]) ORDER BY golden_id FOR UPDATE`,
      [[...new Set(goldenIds)]],
    );
    return new Map(
      rows.map((r) => [
        r.golden_id,
        {
          goldenId: r.golden_id,
          status: r.status,
          version: r.version,
          createdAt: r.created_at,
          attributes: r.attributes,
        },
      ]),
    );
  }

  /** New golden entities, written once with their state after the change (no insert-then-update). */
  async insert(
    m: EntityManager,
    entityType: string,
    rows: Array<{
      goldenId: string;
      splitFrom: string | null;
      version: number;
      attributes: unknown;
      memberCount: number;
    }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO golden_entities (golden_id, entity_type, status, version, split_from, attributes, member_count)
       SELECT g, $1, 'active', v, s, a, n FROM json_to_recordset($2::json) AS t(g text, s text, v int, a jsonb, n int)`,
      [
        entityType,
        JSON.stringify(
          rows.map((r) => ({
            g: r.goldenId,
            s: r.splitFrom,
            v: r.version,
            a: r.attributes,
            n: r.memberCount,
          })),
        ),
      ],
    );
  }

  async update(
    m: EntityManager,
    rows: Array<{
      goldenId: string;
      status: GoldenStatus;
      version: number;
      survivorId: string | null;
      attributes: unknown;
      memberCount: number;
    }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `UPDATE golden_entities g
          SET status = t.status, version = t.version, survivor_id = t.survivor, attributes = t.attributes,
              member_count = t.members, updated_at = now()
         FROM json_to_recordset($1::json)
              AS t(golden_id text, status text, version int, survivor text, attributes jsonb, members int)
        WHERE g.golden_id = t.golden_id`,
      [
        JSON.stringify(
          rows.map((r) => ({
            golden_id: r.goldenId,
            status: r.status,
            version: r.version,
            survivor: r.survivorId,
            attributes: r.attributes,
            members: r.memberCount,
          })),
        ),
      ],
    );
  }

  /** Closes the current interval of each record (if any) and opens one in its new golden entity. */
  async moveMemberships(
    m: EntityManager,
    entityType: string,
    changes: MembershipChange[],
    closeOnly: string[],
  ): Promise<void> {
    const closing = [...changes.map((c) => c.recordId), ...closeOnly];
    if (closing.length > 0) {
      await m.query(
        `UPDATE golden_memberships SET valid_to = now() WHERE record_id = ANY($1::bigint[]) AND valid_to IS NULL`,
        [closing],
      );
    }
    if (changes.length === 0) return;
    await m.query(
      `INSERT INTO golden_memberships (golden_id, record_id, entity_type, domain, source_id, cause, valid_from)
       SELECT g, r, $1, d, s, c, now() FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[]) AS t(g, r, d, s, c)`,
      [
        entityType,
        changes.map((c) => c.goldenId),
        changes.map((c) => c.recordId),
        changes.map((c) => c.domain),
        changes.map((c) => c.sourceId),
        changes.map((c) => c.cause),
      ],
    );
  }

  /** Members' current source attributes, for survivorship. */
  async survivorMembers(m: EntityManager, recordIds: string[]): Promise<SurvivorMember[]> {
    if (recordIds.length === 0) return [];
    const rows: Array<{
      id: string;
      domain: string;
      source_id: string;
      attributes: Record<string, unknown>;
      updated_at: Date;
    }> = await m.query(
      `SELECT id::text, domain, source_id, attributes, updated_at FROM source_records WHERE id = ANY($1::bigint[]) AND NOT deleted`,
      [recordIds],
    );
    return rows.map((r) => ({
      recordId: r.id,
      domain: r.domain,
      sourceId: r.source_id,
      attributes: r.attributes,
      updatedAt: r.updated_at.getTime(),
    }));
  }
}
