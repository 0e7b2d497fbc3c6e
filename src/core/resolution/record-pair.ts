import { compareRecordIds } from '../../engine/clustering/record-id';

/** Two records in the stored order of edges, constraints and review items: record_a < record_b. */
export interface RecordPair {
  a: string;
  b: string;
}

export function recordPair(x: string, y: string): RecordPair {
  return compareRecordIds(x, y) < 0 ? { a: x, b: y } : { a: y, b: x };
}

/** Every pair with one record in `xs` and the other in `ys` (callers keep the sets disjoint). */
export function crossPairs(xs: string[], ys: string[]): RecordPair[] {
  return xs.flatMap((x) => ys.map((y) => recordPair(x, y)));
}

export const pairId = (p: RecordPair): string => `${p.a}:${p.b}`;
