import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { GoldenStatus, SurvivedAttribute } from '../../core/resolution/golden-entity.entity';
import { isoUs } from '../../platform/database/sql';
import type { XrefMemberDto } from '../xref/xref-response.dto';
import type { GoldenHistoryEventDto, MemberRefDto } from './golden-response.dto';

export interface GoldenRecord {
  goldenId: string;
  entityType: string;
  status: GoldenStatus;
  version: number;
  survivorId: string | null;
  splitFrom: string | null;
  attributes: Record<string, SurvivedAttribute>;
  createdAt: string;
  updatedAt: string;
}

export interface EdgeRecord {
  a: MemberRefDto;
  b: MemberRefDto;
  kind: string;
  score: number;
  probability: number;
  createdAt: string;
  explanation: unknown;
}

/** Longest retirement chain followed (a → b → c ...): far beyond any real one, and no cycle can spin. */
const MAX_CHAIN = 64;

/** Read-side SQL of golden entities: the entity, its members, its event history, its match edges. */
@Injectable()
export class GoldenQueryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(goldenId: string): Promise<GoldenRecord | null> {
    const rows: Array<{
      golden_id: string;
      entity_type: string;
      status: GoldenStatus;
      version: number;
      survivor_id: string | null;
      split_from: string | null;
      attributes: Record<string, SurvivedAttribute>;
      created_at: string;
      updated_at: string;
    }> = await this.dataSource.query(
      `SELECT golden_id, entity_type, status, version, survivor_id, split_from, attributes,
              ${isoUs('created_at')} AS created_at, ${isoUs('updated_at')} AS updated_at
         FROM golden_entities WHERE golden_id = $1`,
      [goldenId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      goldenId: r.golden_id,
      entityType: r.entity_type,
      status: r.status,
      version: r.version,
      survivorId: r.survivor_id,
      splitFrom: r.split_from,
      attributes: r.attributes,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  /** The end of a retired id's survivor chain (each merge may itself have been merged later). */
  async finalSurvivor(goldenId: string): Promise<string> {
    const rows: Array<{ golden_id: string }> = await this.dataSource.query(
      `WITH RECURSIVE chain(golden_id, survivor_id, status, depth) AS (
         SELECT golden_id, survivor_id, status, 0 FROM golden_entities WHERE golden_id = $1
         UNION ALL
         SELECT g.golden_id, g.survivor_id, g.status, c.depth + 1
           FROM chain c JOIN golden_entities g ON g.golden_id = c.survivor_id
          WHERE c.status = 'retired' AND c.depth < ${MAX_CHAIN}
       )
       SELECT golden_id FROM chain ORDER BY depth DESC LIMIT 1`,
      [goldenId],
    );
    return rows[0]?.golden_id ?? goldenId;
  }

  async currentMembers(goldenId: string): Promise<XrefMemberDto[]> {
    return this.dataSource.query(
      `SELECT domain, source_id AS "sourceId", ${isoUs('valid_from')} AS "linkedAt", cause
         FROM golden_memberships WHERE golden_id = $1 AND valid_to IS NULL ORDER BY domain, source_id`,
      [goldenId],
    );
  }

  /** Events with version > after, in version order; `limit` + 1 rows tell whether a next page exists. */
  async history(goldenId: string, after: number, limit: number): Promise<GoldenHistoryEventDto[]> {
    const rows: Array<{ payload: Record<string, unknown> }> = await this.dataSource.query(
      `SELECT payload FROM golden_outbox WHERE golden_id = $1 AND version > $2 ORDER BY version LIMIT $3`,
      [goldenId, after, limit],
    );
    return rows.map((r) => historyEventOf(r.payload));
  }

  /** Match edges between current members, strongest first; `limit` + 1 rows tell whether more exist. */
  async edgesAmongMembers(goldenId: string, limit: number): Promise<EdgeRecord[]> {
    const rows: Array<{
      a_domain: string;
      a_source_id: string;
      b_domain: string;
      b_source_id: string;
      kind: string;
      score: number;
      probability: number;
      created_at: string;
      explanation: unknown;
    }> = await this.dataSource.query(
      `WITH mem AS (
         SELECT record_id, domain, source_id FROM golden_memberships WHERE golden_id = $1 AND valid_to IS NULL
       )
       SELECT a.domain AS a_domain, a.source_id AS a_source_id, b.domain AS b_domain, b.source_id AS b_source_id,
              e.kind, e.score, e.probability, ${isoUs('e.created_at')} AS created_at, e.explanation
         FROM match_edges e
         JOIN mem a ON a.record_id = e.record_a
         JOIN mem b ON b.record_id = e.record_b
        ORDER BY e.score DESC, e.record_a, e.record_b
        LIMIT $2`,
      [goldenId, limit],
    );
    return rows.map((r) => ({
      a: { domain: r.a_domain, sourceId: r.a_source_id },
      b: { domain: r.b_domain, sourceId: r.b_source_id },
      kind: r.kind,
      score: r.score,
      probability: r.probability,
      createdAt: r.created_at,
      explanation: r.explanation,
    }));
  }
}

const HISTORY_OPTIONAL = [
  'added',
  'removed',
  'splitFrom',
  'survivorId',
  'retiredIds',
  'newIds',
  'before',
  'after',
] as const;

/** The published event, minus what the page already says (goldenId, entityType). */
function historyEventOf(p: Record<string, unknown>): GoldenHistoryEventDto {
  const event: GoldenHistoryEventDto = {
    eventId: p.eventId as string,
    version: p.version as number,
    type: p.type as string,
    occurredAt: p.occurredAt as string,
    cause: p.cause as string,
    members: (p.members as MemberRefDto[] | undefined) ?? [],
  };
  for (const key of HISTORY_OPTIONAL) {
    if (p[key] !== undefined) (event as unknown as Record<string, unknown>)[key] = p[key];
  }
  return event;
}
