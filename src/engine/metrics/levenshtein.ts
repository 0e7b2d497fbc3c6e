/**
 * levenshtein: edit distance with unit-cost insertions, deletions and substitutions
 * (V. I. Levenshtein, "Binary codes capable of correcting deletions, insertions, and reversals",
 * Soviet Physics Doklady 10(8), 1966).
 *
 * After stripping the common prefix and suffix, a shorter side of up to 32 code units runs the
 * bit-parallel algorithm of G. Myers ("A fast bit-vector algorithm for approximate string matching
 * based on dynamic programming", JACM 46(3), 1999) in Hyyrö's formulation for global distance
 * (Hyyrö, "Explaining and extending the bit-parallel approximate string matching algorithm of
 * Myers", 2001): O(|b|) word operations instead of O(|a|·|b|) cells. Longer strings use the
 * two-row dynamic programme (Wagner & Fischer 1974) on a reused Int32Array. Distance is in edits.
 */
import { checkKnownOptions } from '../normalizers/options';
import { clearPeq, ensureInt32, fillPeq, PEQ } from './buffers';
import type { MetricDefinition } from './metric';

let row = new Int32Array(64);

/** Myers/Hyyrö for a pattern a[aStart, aStart+n) with 1 ≤ n ≤ 32 against b[bStart, bStart+m). */
function myers32(a: string, aStart: number, n: number, b: string, bStart: number, m: number): number {
  fillPeq(a, aStart, n);
  const last = 1 << (n - 1);
  let pv = -1;
  let mv = 0;
  let score = n;
  for (let j = 0; j < m; j++) {
    const eq = PEQ[b.charCodeAt(bStart + j)];
    const xv = eq | mv;
    const xh = (((eq & pv) + pv) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    if ((ph & last) !== 0) score++;
    else if ((mh & last) !== 0) score--;
    ph = (ph << 1) | 1;
    mh <<= 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
  }
  clearPeq(a, aStart, n);
  return score;
}

/** Wagner-Fischer on one row: row[i] holds D[i][j] for the current column j. */
function wagnerFischer(a: string, aStart: number, n: number, b: string, bStart: number, m: number): number {
  row = ensureInt32(row, n + 1);
  for (let i = 0; i <= n; i++) row[i] = i;
  for (let j = 1; j <= m; j++) {
    const code = b.charCodeAt(bStart + j - 1);
    let diagonal = row[0];
    row[0] = j;
    for (let i = 1; i <= n; i++) {
      const above = row[i];
      const cost = a.charCodeAt(aStart + i - 1) === code ? 0 : 1;
      row[i] = Math.min(above + 1, row[i - 1] + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[n];
}

export function levenshteinDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length > b.length) {
    const shorter = b;
    b = a;
    a = shorter;
  }
  let start = 0;
  let endA = a.length;
  let endB = b.length;
  while (start < endA && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  while (endA > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  if (n === 0) return m;
  return n <= 32 ? myers32(a, start, n, b, start, m) : wagnerFischer(a, start, n, b, start, m);
}

export const levenshtein: MetricDefinition = {
  name: 'levenshtein',
  kind: 'distance',
  description: 'Levenshtein edit distance (insertions, deletions, substitutions), in edits.',
  create(options) {
    checkKnownOptions('levenshtein', options, []);
    return levenshteinDistance;
  },
};
