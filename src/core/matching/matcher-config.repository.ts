import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** A matcher config as the engine reads it: the YAML text and the trained weights merged over it. */
export interface MatcherConfigText {
  text: string;
  weightsText: string | null;
}

/** One version of an entity type's matcher config (a matcher_configs row). */
export interface MatcherConfigVersion extends MatcherConfigText {
  id: string;
  entityType: string;
  version: number;
  hash: string;
  author: string;
  active: boolean;
  createdAt: Date;
  activatedAt: Date | null;
}

/** A version without its texts: a line of the history. */
export type MatcherConfigSummary = Omit<MatcherConfigVersion, 'text' | 'weightsText'>;

type Raw = Record<string, unknown>;

const SUMMARY = `id::text, entity_type, version, hash, author, active, created_at, activated_at`;

function toSummary(r: Raw): MatcherConfigSummary {
  return {
    id: r.id as string,
    entityType: r.entity_type as string,
    version: r.version as number,
    hash: r.hash as string,
    author: r.author as string,
    active: r.active as boolean,
    createdAt: r.created_at as Date,
    activatedAt: r.activated_at as Date | null,
  };
}

const toVersion = (r: Raw): MatcherConfigVersion => ({
  ...toSummary(r),
  text: r.text as string,
  weightsText: r.weights_text as string | null,
});

/** SQL of matcher config versions and of the MATCHERS_DIR file hashes seen at start-up. */
@Injectable()
export class MatcherConfigRepository {
  /** Serializes version changes of one entity type (numbering, the one active row) until commit. */
  async lock(m: EntityManager, entityType: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('matcher_configs'), hashtext($1))`, [entityType]);
  }

  async active(m: EntityManager, entityType: string): Promise<MatcherConfigVersion | null> {
    const rows: Raw[] = await m.query(
      `SELECT ${SUMMARY}, text, weights_text FROM matcher_configs WHERE entity_type = $1 AND active`,
      [entityType],
    );
    return rows.length > 0 ? toVersion(rows[0]) : null;
  }

  /** The active version id of every entity type: what instances compare to converge. */
  async activeIds(m: EntityManager): Promise<Map<string, string>> {
    const rows: Array<{ entity_type: string; id: string }> = await m.query(
      `SELECT entity_type, id::text FROM matcher_configs WHERE active`,
    );
    return new Map(rows.map((r) => [r.entity_type, r.id]));
  }

  async find(m: EntityManager, id: string): Promise<MatcherConfigVersion | null> {
    const rows: Raw[] = await m.query(
      `SELECT ${SUMMARY}, text, weights_text FROM matcher_configs WHERE id = $1`,
      [id],
    );
    return rows.length > 0 ? toVersion(rows[0]) : null;
  }

  async findVersion(
    m: EntityManager,
    entityType: string,
    version: number,
  ): Promise<MatcherConfigVersion | null> {
    const rows: Raw[] = await m.query(
      `SELECT ${SUMMARY}, text, weights_text FROM matcher_configs WHERE entity_type = $1 AND version = $2`,
      [entityType, version],
    );
    return rows.length > 0 ? toVersion(rows[0]) : null;
  }

  /** Every version of the type, newest first. */
  async history(m: EntityManager, entityType: string): Promise<MatcherConfigSummary[]> {
    const rows: Raw[] = await m.query(
      `SELECT ${SUMMARY} FROM matcher_configs WHERE entity_type = $1 ORDER BY version DESC`,
      [entityType],
    );
    return rows.map(toSummary);
  }

  /** A new version, active from now on in place of the type's current one. The caller holds `lock`. */
  async activate(
    m: EntityManager,
    entityType: string,
    config: MatcherConfigText & { hash: string; author: string },
  ): Promise<MatcherConfigVersion> {
    await m.query(`UPDATE matcher_configs SET active = false WHERE entity_type = $1 AND active`, [
      entityType,
    ]);
    const rows: Raw[] = await m.query(
      `INSERT INTO matcher_configs (entity_type, version, hash, text, weights_text, author, active, activated_at)
       SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, true, now()
         FROM matcher_configs WHERE entity_type = $1
       RETURNING ${SUMMARY}, text, weights_text`,
      [entityType, config.hash, config.text, config.weightsText, config.author],
    );
    return toVersion(rows[0]);
  }

  /** The hash of the type's MATCHERS_DIR files when a start-up last read them; null if never. */
  async fileHash(m: EntityManager, entityType: string): Promise<string | null> {
    const rows: Array<{ hash: string }> = await m.query(
      `SELECT hash FROM matcher_config_files WHERE entity_type = $1`,
      [entityType],
    );
    return rows[0]?.hash ?? null;
  }

  async recordFileHash(m: EntityManager, entityType: string, hash: string): Promise<void> {
    await m.query(
      `INSERT INTO matcher_config_files (entity_type, hash) VALUES ($1, $2)
       ON CONFLICT (entity_type) DO UPDATE SET hash = excluded.hash, read_at = now()`,
      [entityType, hash],
    );
  }
}
