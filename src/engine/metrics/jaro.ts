/**
 * jaro: the Jaro similarity (M. A. Jaro, "Advances in record-linkage methodology as applied to
 * matching the 1985 census of Tampa, Florida", JASA 84(406), 1989).
 *
 * m = characters that agree within a window of floor(max(|a|,|b|)/2) - 1 positions, t = half the
 * matched characters that are out of order; jaro = (m/|a| + m/|b| + (m-t)/m) / 3. This is the
 * textbook definition (as in Winkler 1990 and the Python jellyfish / Java commons-text libraries),
 * without strcmp95's adjustments for similar characters and long strings. Two empty strings are
 * identical (1); one empty string scores 0. The match flags live in reused typed arrays.
 */
import { checkKnownOptions } from '../normalizers/options';
import { ensureUint8 } from './buffers';
import type { MetricDefinition } from './metric';

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

export function jaroSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return 0;
  const window = Math.max(0, (Math.max(n, m) >> 1) - 1);
  flagsA = ensureUint8(flagsA, n);
  flagsB = ensureUint8(flagsB, m);
  flagsA.fill(0, 0, n);
  flagsB.fill(0, 0, m);

  let matches = 0;
  for (let i = 0; i < n; i++) {
    const code = a.charCodeAt(i);
    const end = Math.min(m, i + window + 1);
    for (let j = Math.max(0, i - window); j < end; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === code) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;

  let halfTranspositions = 0;
  for (let i = 0, j = 0; i < n; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[j] === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) halfTranspositions++;
    j++;
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
