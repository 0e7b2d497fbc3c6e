import type { MatcherConfigSummary } from './matcher-config.repository';

/** A line of a matcher's version history. */
export interface MatcherVersionDto {
  id: string;
  version: number;
  /** sha256 of the YAML text (and of the trained weights after a NUL, when there are any). */
  hash: string;
  /** `file:<name>` (MATCHERS_DIR at start-up), `api:<key id>`, `cli`, or `job:<id>` (before versions). */
  author: string;
  active: boolean;
  createdAt: string;
  activatedAt: string | null;
}

/** `GET /v1/admin/matchers/{entityType}`: the active version with its texts, and every version. */
export interface MatcherConfigsDto {
  entityType: string;
  active: MatcherVersionDto & { text: string; weights: string | null };
  /** Newest first. */
  versions: MatcherVersionDto[];
}

export function toMatcherVersionDto(v: MatcherConfigSummary): MatcherVersionDto {
  return {
    id: v.id,
    version: v.version,
    hash: v.hash,
    author: v.author,
    active: v.active,
    createdAt: v.createdAt.toISOString(),
    activatedAt: v.activatedAt?.toISOString() ?? null,
  };
}
