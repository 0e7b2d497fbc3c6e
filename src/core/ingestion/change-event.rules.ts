/**
 * The limits and character rules of the change-event contract (docs/events.md, "Validation").
 * Kept apart from the validator so docs, tests and the CLI can quote the same numbers.
 */
export const EVENT_LIMITS = {
  /** Events per `POST /v1/events` call (and per Kafka ingest transaction). */
  maxBatchEvents: 1000,
  maxAttributes: 200,
  maxAttributeNameChars: 128,
  /** Per attribute string value (and per string inside an attribute array). */
  maxStringChars: 10_000,
  maxArrayItems: 100,
  maxReferences: 100,
  /** eventId, sourceId, entityType and the strings of a reference. */
  maxIdChars: 256,
  maxDomainChars: 64,
} as const;

/** The top-level fields of a change event; anything else is refused (UNEXPECTED_FIELD). */
export const EVENT_FIELDS = [
  'eventId',
  'domain',
  'entityType',
  'sourceId',
  'op',
  'version',
  'occurredAt',
  'attributes',
  'references',
] as const;

export const REFERENCE_FIELDS = ['entityType', 'domain', 'sourceId', 'role'] as const;

/**
 * Domains appear in Kafka keys (`domain:entityType:sourceId`) and in golden cross-references, so
 * they are short identifiers without `:`.
 */
export const DOMAIN_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * Control characters in attribute values: tab, line feed and carriage return are legitimate in
 * free text (addresses, notes) and are allowed; every other C0 control, DEL and the C1 controls are
 * refused. NUL in particular cannot be stored in PostgreSQL text or jsonb at all.
 */
// eslint-disable-next-line no-control-regex
export const VALUE_CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Identifiers and attribute names allow no control character at all, not even tab or newline. */
// eslint-disable-next-line no-control-regex
export const ID_CONTROL_CHARS = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * RFC 3339 date-time with an explicit offset (`Z` or `±hh:mm`), fractional seconds optional (any
 * number of digits: past the sixth they are truncated, PostgreSQL keeps microseconds).
 * Calendar validity (no 30 February) is checked after matching: Date.parse would roll it over.
 */
export const TIMESTAMP_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** An unpaired UTF-16 surrogate (in `u` mode a valid pair is one code point, so only lone halves match). */
export const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Lengths are counted in characters (Unicode code points), as docs/events.md states: an emoji is
 * one character, not two UTF-16 units.
 */
export function charLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** The first `max` characters (code points) of `s`, never splitting a surrogate pair. */
export function truncateChars(s: string, max: number): string {
  let units = 0;
  for (let chars = 0; chars < max && units < s.length; chars++) {
    const c = s.charCodeAt(units);
    units += c >= 0xd800 && c <= 0xdbff && units + 1 < s.length ? 2 : 1;
  }
  return s.slice(0, units);
}
