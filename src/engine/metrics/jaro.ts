/**
 * jaro: the Jaro similarity (M. A. Jaro, "Advances in record-linkage methodology as applied to
 * matching the 1985 census of Tampa, Florida", JASA 84(406), 1989).
 *
 * m = characters that agree within a window of floor(max(|a|,|b|)/2) - 1 positions, t = half the
 * matched characters that are out of order, rounded down as in Winkler's strcmp95; jaro = (m/|a| + m/|b| + (m-t)/m) / 3. This is the
 * textbook definition (as in Winkler 1990 and the Python jellyfish / Java commons-text libraries),
 * without strcmp95's adjustments for similar characters and long strings. Two empty strings are
 * identical (1); one empty string scores 0. Scratch memory is reused typed arrays, and a
 * generation stamp marks matched positions so nothing is cleared per call.
 */
import { checkKnownOptions } from '../normalizers/options';
import { ensureInt32 } from './buffers';
import type { MetricDefinition } from './metric';

// Scratch state reused across calls: b positions already matched carry the current `stamp`
// (so nothing is cleared between calls), and the matched characters of a are kept in order.
let matchedB = new Int32Array(64);
let matchedA = new Uint16Array(64);
let stamp = 0;

export function jaroSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return 0;
  const window = Math.max(0, (Math.max(n, m) >> 1) - 1);
  matchedB = ensureInt32(matchedB, m);
  if (matchedA.length < n) matchedA = new Uint16Array(n * 2);
  if (++stamp === 0x7fffffff) {
    matchedB.fill(0);
    stamp = 1;
  }
  const mark = stamp;

  let matches = 0;
  for (let i = 0; i < n; i++) {
    const code = a.charCodeAt(i);
    const end = i + window + 1 < m ? i + window + 1 : m;
    for (let j = i > window ? i - window : 0; j < end; j++) {
      if (matchedB[j] !== mark && b.charCodeAt(j) === code) {
        matchedB[j] = mark;
        matchedA[matches++] = code;
        break;
      }
    }
  }
  if (matches === 0) return 0;

  // Walk the matched characters of a and b in order; each mismatch is half a transposition.
  let halfTranspositions = 0;
  for (let j = 0, k = 0; k < matches; j++) {
    if (matchedB[j] !== mark) continue;
    if (b.charCodeAt(j) !== matchedA[k]) halfTranspositions++;
    k++;
  }
  const t = halfTranspositions >> 1;
  return (matches / n + matches / m + (matches - t) / matches) / 3;
}

export const jaro: MetricDefinition = {
  name: 'jaro',
  kind: 'similarity',
  description: 'Jaro similarity (Jaro 1989) in [0, 1].',
  create(options) {
    checkKnownOptions('jaro', options, []);
    return jaroSimilarity;
  },
};
