/**
 * jaccard: |A ∩ B| / |A ∪ B| over the *sets* of tokens of a and b (P. Jaccard, "Étude
 * comparative de la distribution florale dans une portion des Alpes et du Jura", Bulletin de la
 * Société Vaudoise des Sciences Naturelles 37, 1901).
 *
 * Tokens are white-space words by default; option `qgram: n` uses character n-grams instead
 * (tokenize.ts), which tolerates typos inside words ("jon" / "john" share "jo"). Duplicates count
 * once. Two values without tokens score 1 (nothing differs), one empty side scores 0.
 */
import { checkKnownOptions, readNumber } from '../normalizers/options';
import type { MetricDefinition } from './metric';
import { tokenizer } from './tokenize';

export function jaccardOfSets(setA: ReadonlySet<string>, setB: ReadonlySet<string>): number {
  const small = setA.size <= setB.size ? setA : setB;
  const large = small === setA ? setB : setA;
  let common = 0;
  for (const item of small) if (large.has(item)) common++;
  const union = setA.size + setB.size - common;
  return union === 0 ? 1 : common / union;
}

export const jaccard: MetricDefinition = {
  name: 'jaccard',
  kind: 'similarity',
  description: 'Jaccard index of the token sets (white-space tokens, or character q-grams with `qgram`).',
  create(options) {
    checkKnownOptions('jaccard', options, ['qgram']);
    const tokenize = tokenizer(
      readNumber('jaccard', options, 'qgram', 0, { min: 0, max: 16, integer: true }),
    );
    return (a, b) => (a === b ? 1 : jaccardOfSets(new Set(tokenize(a)), new Set(tokenize(b))));
  },
};
