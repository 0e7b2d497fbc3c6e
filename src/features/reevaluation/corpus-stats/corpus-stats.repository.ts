import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { PreparedRecord } from '../../../engine';
import type { SnapshotTrigger } from './corpus-stats-snapshot.entity';

/** A snapshot without its counts. */
export interface SnapshotRow {
  id: string;
  entityType: string;
  version: number;
  jobId: string;
  trigger: SnapshotTrigger;
  recordCount: number;
  vocabularies: string[];
  matcherFingerprint: string;
  terms: number;
  bytes: number;
  countsSha256: string;
  buildMs: number;
  builtAt: Date;
}

export type NewSnapshot = Omit<SnapshotRow, 'id' | 'bytes' | 'builtAt'> & { counts: Buffer };

type Raw = Record<string, unknown>;

const COLUMNS = `s.id::text, s.entity_type, s.version, s.job_id::text, s.trigger, s.record_count, s.vocabularies,
  s.matcher_fingerprint, s.terms, octet_length(s.counts) AS bytes, s.counts_sha256, s.build_ms, s.built_at`;

function toRow(r: Raw): SnapshotRow {
  return {
    id: r.id as string,
    entityType: r.entity_type as string,
    version: r.version as number,
    jobId: r.job_id as string,
    trigger: r.trigger as SnapshotTrigger,
    recordCount: r.record_count as number,
    vocabularies: r.vocabularies as string[],
    matcherFingerprint: r.matcher_fingerprint as string,
    terms: r.terms as number,
    bytes: r.bytes as number,
    countsSha256: r.counts_sha256 as string,
    buildMs: r.build_ms as number,
    builtAt: r.built_at as Date,
  };
}

/**
 * SQL of corpus-statistics snapshots: the stored prepared records a build counts, the snapshots,
 * and which one is active per entity type (the latest whose roll-out job has not failed).
 */
@Injectable()
export class CorpusStatsRepository {
  /** The next `limit` resolved records of the type after `cursor` (record id order): what a build counts. */
  async preparedAfter(
    m: EntityManager,
    entityType: string,
    cursor: string,
    limit: number,
  ): Promise<Array<{ recordId: string; prepared: PreparedRecord }>> {
    const rows: Array<{ record_id: string; prepared: PreparedRecord }> = await m.query(
      `SELECT record_id::text, prepared FROM resolution_records
        WHERE entity_type = $1 AND record_id > $2::bigint ORDER BY resolution_records.record_id LIMIT $3`,
      [entityType, cursor, limit],
    );
    return rows.map((r) => ({ recordId: r.record_id, prepared: r.prepared }));
  }

  /** Resolved records per entity type: what automatic refresh compares with a snapshot's count. */
  async recordCounts(m: EntityManager): Promise<Map<string, number>> {
    const rows: Array<{ entity_type: string; n: number }> = await m.query(
      `SELECT entity_type, count(*)::int AS n FROM resolution_records GROUP BY entity_type`,
    );
    return new Map(rows.map((r) => [r.entity_type, r.n]));
  }

  async recordCount(m: EntityManager, entityType: string): Promise<number> {
    const [row]: Array<{ n: number }> = await m.query(
      `SELECT count(*)::int AS n FROM resolution_records WHERE entity_type = $1`,
      [entityType],
    );
    return row.n;
  }

  /** The version a new snapshot of the type would get. */
  async nextVersion(m: EntityManager, entityType: string): Promise<number> {
    const [row]: Array<{ v: number }> = await m.query(
      `SELECT coalesce(max(version), 0)::int + 1 AS v FROM corpus_stats_snapshots WHERE entity_type = $1`,
      [entityType],
    );
    return row.v;
  }

  /** Inserts a snapshot; null when its version was taken meanwhile (another build got there first). */
  async insert(m: EntityManager, s: NewSnapshot): Promise<SnapshotRow | null> {
    const rows: Raw[] = await m.query(
      `INSERT INTO corpus_stats_snapshots AS s (entity_type, version, job_id, trigger, record_count, vocabularies,
              matcher_fingerprint, terms, counts, counts_sha256, build_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (entity_type, version) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        s.entityType,
        s.version,
        s.jobId,
        s.trigger,
        s.recordCount,
        s.vocabularies,
        s.matcherFingerprint,
        s.terms,
        s.counts,
        s.countsSha256,
        s.buildMs,
      ],
    );
    return rows.length > 0 ? toRow(rows[0]) : null;
  }

  /** The active snapshot of every entity type that has one. */
  async active(m: EntityManager): Promise<Map<string, SnapshotRow>> {
    const rows: Raw[] = await m.query(
      `SELECT DISTINCT ON (s.entity_type) ${COLUMNS}
         FROM corpus_stats_snapshots s JOIN reevaluation_jobs j ON j.id = s.job_id
        WHERE j.status <> 'failed'
        ORDER BY s.entity_type, s.version DESC`,
    );
    return new Map(rows.map((r) => [r.entity_type as string, toRow(r)]));
  }

  /** The latest snapshot of the type, whatever became of its roll-out. */
  async latest(m: EntityManager, entityType: string): Promise<SnapshotRow | null> {
    const rows: Raw[] = await m.query(
      `SELECT ${COLUMNS} FROM corpus_stats_snapshots s WHERE s.entity_type = $1 ORDER BY s.version DESC LIMIT 1`,
      [entityType],
    );
    return rows.length > 0 ? toRow(rows[0]) : null;
  }

  async ofJob(m: EntityManager, jobId: string): Promise<SnapshotRow | null> {
    const rows: Raw[] = await m.query(`SELECT ${COLUMNS} FROM corpus_stats_snapshots s WHERE s.job_id = $1`, [
      jobId,
    ]);
    return rows.length > 0 ? toRow(rows[0]) : null;
  }

  async counts(m: EntityManager, id: string): Promise<Buffer> {
    const [row]: Array<{ counts: Buffer }> = await m.query(
      `SELECT counts FROM corpus_stats_snapshots WHERE id = $1`,
      [id],
    );
    return row.counts;
  }
}
