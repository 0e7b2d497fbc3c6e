/**
 * Record ids are Postgres bigserials carried as decimal strings. Ordering them numerically (shorter
 * first, then lexicographic) gives "oldest record first" without BigInt on the hot path.
 */
export function compareRecordIds(x: string, y: string): number {
  return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
}

export const minRecordId = (ids: Iterable<string>): string | undefined => {
  let min: string | undefined;
  for (const id of ids) if (min === undefined || compareRecordIds(id, min) < 0) min = id;
  return min;
};

/** The canonical unordered pair key: smaller id first. */
export function pairKey(a: string, b: string): string {
  return compareRecordIds(a, b) <= 0 ? `${a}:${b}` : `${b}:${a}`;
}
