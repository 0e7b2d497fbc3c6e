/**
 * Small SQL helpers shared by the read-side repositories of the cross-reference API.
 */

/** Numbered query parameters: `p.add(value)` returns the placeholder (`$1`, `$2`, ...). */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The membership interval of `alias` is in force at `asOf` (a placeholder), i.e.
 * valid_from <= asOf < coalesce(valid_to, infinity); with no asOf, the open (current) interval.
 */
export function inForce(alias: string, asOf: string | null): string {
  return asOf === null
    ? `${alias}.valid_to IS NULL`
    : `${alias}.valid_from <= ${asOf}::timestamptz AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > ${asOf}::timestamptz)`;
}

/** A timestamptz as RFC 3339 UTC with microseconds (a JS Date would drop the last three digits). */
export function isoUs(expression: string): string {
  return `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
