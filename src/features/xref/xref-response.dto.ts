/**
 * Response bodies of the cross-reference routes (openapi.yaml: XrefLookup, XrefResolveResponse,
 * XrefMember, XrefReference). Times are RFC 3339 UTC with microseconds, PostgreSQL's precision, so a
 * `linkedAt` can be passed back as `asOf`.
 */

/** A member record of a golden entity: why and since when it belongs to it. */
export interface XrefMemberDto {
  domain: string;
  sourceId: string;
  /** valid_from of the membership interval in force (at asOf, or now). */
  linkedAt: string;
  /** new | match | merge | split | steward (golden_memberships.cause). */
  cause: string;
}

/** A cross-type reference of a member (e.g. an account's owner) and the golden id it resolves to. */
export interface XrefReferenceDto {
  /** The member record that carries the reference. */
  from: { domain: string; sourceId: string };
  role: string | null;
  entityType: string;
  domain: string;
  sourceId: string;
  /** Null when the referenced record is unknown (or was not resolved at asOf). */
  goldenId: string | null;
}

export interface XrefLookupDto {
  entityType: string;
  domain: string;
  sourceId: string;
  goldenId: string;
  /** The golden entity's version (event count) at asOf, or now. */
  version: number;
  asOf: string | null;
  members: XrefMemberDto[];
  references: XrefReferenceDto[];
}

export interface XrefResolvedDto {
  goldenId: string;
  members: XrefMemberDto[];
}

/**
 * The shape of POST /v1/xref/resolve's answer, which PostgreSQL writes as JSON text
 * (XrefRepository.resolveJson): for clients, tests and benches that read it.
 */
export interface XrefResolveResponseDto {
  asOf: string | null;
  /** One entry per requested key, in request order; null for a key that is unknown (at asOf). */
  results: Array<XrefResolvedDto | null>;
}
