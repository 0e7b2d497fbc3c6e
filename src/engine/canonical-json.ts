/**
 * JSON with object keys sorted (by UTF-16 code units, integer-like keys included) and undefined
 * members left out: equal values give equal text whatever their key order, which jsonb does not
 * keep. Used to compare attribute values and to hash event content (stable across versions: the
 * bulk loader derives event ids from it).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
