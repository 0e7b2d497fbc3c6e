import { JobDto, toJobDto } from '../reevaluation.dto';
import type { SnapshotRow } from './corpus-stats.repository';
import type { RefreshStarted, StatsStatus } from './stats-refresh.service';

/** A corpus-statistics snapshot without its counts (openapi.yaml `CorpusStatsSnapshot`). */
export interface SnapshotDto {
  entityType: string;
  version: number;
  /** The re-evaluation job (kind `stats`) that rolls it out. */
  jobId: string;
  trigger: 'manual' | 'auto';
  /** Stored records counted. */
  records: number;
  vocabularies: string[];
  matcherFingerprint: string;
  /** Distinct values and tokens kept. */
  terms: number;
  /** Size of the stored (compressed) counts. */
  bytes: number;
  countsSha256: string;
  buildMs: number;
  builtAt: string;
}

export interface StatsStatusDto {
  entityType: string;
  vocabularies: string[];
  records: number;
  active: SnapshotDto | null;
  latest: SnapshotDto | null;
  latestJob: JobDto | null;
  due: 'first' | 'grown' | 'matcher_changed' | null;
}

export interface RefreshDto {
  snapshot: SnapshotDto;
  job: JobDto;
}

export function toSnapshotDto(s: SnapshotRow): SnapshotDto {
  return {
    entityType: s.entityType,
    version: s.version,
    jobId: s.jobId,
    trigger: s.trigger,
    records: s.recordCount,
    vocabularies: s.vocabularies,
    matcherFingerprint: s.matcherFingerprint,
    terms: s.terms,
    bytes: s.bytes,
    countsSha256: s.countsSha256,
    buildMs: s.buildMs,
    builtAt: s.builtAt.toISOString(),
  };
}

export function toStatusDto(s: StatsStatus): StatsStatusDto {
  return {
    entityType: s.entityType,
    vocabularies: s.vocabularies,
    records: s.records,
    active: s.active && toSnapshotDto(s.active),
    latest: s.latest && toSnapshotDto(s.latest),
    latestJob: s.latestJob && toJobDto(s.latestJob),
    due: s.due,
  };
}

export function toRefreshDto(r: RefreshStarted): RefreshDto {
  return { snapshot: toSnapshotDto(r.snapshot), job: toJobDto(r.job) };
}
