/** Bounds of the cross-reference API's inputs (openapi.yaml states the same numbers). */

/** The most keys one POST /v1/xref/resolve may carry; more is refused with 413 XREF.TOO_MANY_KEYS. */
export const MAX_RESOLVE_KEYS = 10_000;

/** Same bounds as ingestion's identifiers: a domain is short, a source id may be a long natural key. */
export const MAX_DOMAIN = 128;
export const MAX_ID = 512;
