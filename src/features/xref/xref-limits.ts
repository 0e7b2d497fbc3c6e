/** Bounds of the cross-reference API's inputs (openapi.yaml states the same numbers). */

/** The most keys one POST /v1/xref/resolve may carry; more is refused with 413 XREF.TOO_MANY_KEYS. */
export const MAX_RESOLVE_KEYS = 10_000;

/** Same bounds as ingestion's identifiers: a domain is short, a source id may be a long natural key. */
export const MAX_DOMAIN = 128;
export const MAX_ID = 512;

/**
 * The biggest Parquet row group: DuckDB holds one group uncompressed while writing it (~330 bytes a
 * row with its dictionaries), so 262,144 rows (~90 MB) keep an export within the 300 MB budget.
 */
export const MAX_PARQUET_ROW_GROUP_ROWS = 262_144;
