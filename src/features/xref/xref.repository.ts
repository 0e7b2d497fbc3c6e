import { Injectable } from '@nestjs/common';
import { PgReader } from './pg-reader';
import { inForce, isoUs, SqlParams } from '../../platform/database/sql';
import type { XrefMemberDto, XrefReferenceDto } from './xref-response.dto';

export interface SourceKey {
  entityType: string;
  domain: string;
  sourceId: string;
}

export interface XrefView {
  /** null: now. */
  asOf: string | null;
  /** Only members of this domain (the usual join-key question). */
  targetDomain: string | null;
}

export interface LookupRow {
  goldenId: string;
  version: number;
  members: XrefMemberDto[];
  references: XrefReferenceDto[];
}

/** Members of golden `golden` in force at the view's time, as a JSON array (ordered, possibly empty). */
function membersJson(p: SqlParams, view: XrefView, asOf: string | null, golden: string): string {
  const domain = view.targetDomain === null ? '' : `AND o.domain = ${p.add(view.targetDomain)}`;
  return `(SELECT coalesce(json_agg(json_build_object('domain', o.domain, 'sourceId', o.source_id,
                    'linkedAt', ${isoUs('o.valid_from')}, 'cause', o.cause) ORDER BY o.domain, o.source_id), '[]'::json)
             FROM golden_memberships o
            WHERE o.golden_id = ${golden} AND ${inForce('o', asOf)} ${domain})`;
}

/**
 * SQL of the cross-reference lookups, all on golden_memberships (the intervals answer both "now"
 * and "as of"): ix_golden_memberships_key finds a key's interval, ix_golden_memberships_golden a
 * golden entity's members.
 */
@Injectable()
export class XrefRepository {
  constructor(private readonly db: PgReader) {}

  /**
   * One key: its golden id, the golden entity's members and version, and its members' references
   * resolved to golden ids, in one statement. At an asOf, a member's references are those of its
   * last change applied by then (source_record_history), else its current ones.
   */
  async lookup(key: SourceKey, view: XrefView): Promise<LookupRow | null> {
    const p = new SqlParams();
    const asOf = view.asOf === null ? null : p.add(view.asOf);
    const type = p.add(key.entityType);
    const refs = asOf
      ? `coalesce((SELECT h."references" FROM source_record_history h
                    WHERE h.record_id = mem.record_id AND h.applied_at <= ${asOf}::timestamptz AND h."references" IS NOT NULL
                    ORDER BY h.id DESC LIMIT 1), s."references")`
      : `s."references"`;
    const version = asOf
      ? `coalesce((SELECT max(v.version) FROM golden_outbox v
                    WHERE v.golden_id = g.golden_id AND v.created_at <= ${asOf}::timestamptz), g.version)`
      : `g.version`;
    const sql = `
      WITH hit AS (
        SELECT m.golden_id FROM golden_memberships m
         WHERE m.entity_type = ${type} AND m.domain = ${p.add(key.domain)} AND m.source_id = ${p.add(key.sourceId)}
           AND ${inForce('m', asOf)}
         ORDER BY m.valid_from DESC LIMIT 1
      ), refs AS (
        SELECT mem.domain AS from_domain, mem.source_id AS from_source_id, r.ord, r.ref
          FROM hit
          JOIN golden_memberships mem ON mem.golden_id = hit.golden_id AND ${inForce('mem', asOf)}
          JOIN source_records s ON s.id = mem.record_id
          CROSS JOIN LATERAL (SELECT ${refs} AS list) AS rl
          CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(rl.list) = 'array' THEN rl.list ELSE '[]'::jsonb END)
                 WITH ORDINALITY AS r(ref, ord)
      )
      SELECT hit.golden_id, ${version} AS version,
             ${membersJson(p, view, asOf, 'hit.golden_id')} AS members,
             (SELECT coalesce(json_agg(json_build_object(
                       'from', json_build_object('domain', refs.from_domain, 'sourceId', refs.from_source_id),
                       'role', refs.ref->>'role', 'entityType', refs.ref->>'entityType',
                       'domain', refs.ref->>'domain', 'sourceId', refs.ref->>'sourceId',
                       'goldenId', (SELECT x.golden_id FROM golden_memberships x
                                     WHERE x.entity_type = refs.ref->>'entityType' AND x.domain = refs.ref->>'domain'
                                       AND x.source_id = refs.ref->>'sourceId' AND ${inForce('x', asOf)}
                                     ORDER BY x.valid_from DESC LIMIT 1))
                     ORDER BY refs.from_domain, refs.from_source_id, refs.ord), '[]'::json)
                FROM refs) AS refs
        FROM hit JOIN golden_entities g ON g.golden_id = hit.golden_id`;
    const rows: Array<{
      golden_id: string;
      version: number;
      members: XrefMemberDto[];
      refs: XrefReferenceDto[];
    }> = await this.db.query(sql, p.values);
    const row = rows[0];
    return row
      ? { goldenId: row.golden_id, version: row.version, members: row.members, references: row.refs }
      : null;
  }

  /**
   * Many keys in one set-based statement: the keys travel as three arrays, unnested WITH ORDINALITY
   * and joined to their interval. PostgreSQL also writes the answer: the `results` array's JSON text,
   * in request order with a null per miss, which the service passes through unparsed. (A 1,000-key
   * answer is ~300 KB; reading it as rows of JSON and serializing it again was a third of the
   * service's CPU per request.)
   */
  async resolveJson(keys: SourceKey[], view: XrefView): Promise<string> {
    const p = new SqlParams();
    const asOf = view.asOf === null ? null : p.add(view.asOf);
    const types = p.add(keys.map((k) => k.entityType));
    const domains = p.add(keys.map((k) => k.domain));
    const sourceIds = p.add(keys.map((k) => k.sourceId));
    const sql = `
      SELECT coalesce(json_agg(CASE WHEN hit.golden_id IS NULL THEN NULL
                                    ELSE json_build_object('goldenId', hit.golden_id,
                                                           'members', ${membersJson(p, view, asOf, 'hit.golden_id')}) END
                               ORDER BY k.n), '[]'::json)::text AS results
        FROM unnest(${types}::text[], ${domains}::text[], ${sourceIds}::text[]) WITH ORDINALITY AS k(entity_type, domain, source_id, n)
        LEFT JOIN LATERAL (
          SELECT m.golden_id FROM golden_memberships m
           WHERE m.entity_type = k.entity_type AND m.domain = k.domain AND m.source_id = k.source_id
             AND ${inForce('m', asOf)}
           ORDER BY m.valid_from DESC LIMIT 1
        ) hit ON true`;
    const rows: Array<{ results: string }> = await this.db.query(sql, p.values);
    return rows[0].results;
  }
}
