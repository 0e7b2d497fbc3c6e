/**
 * overlap: the Szymkiewicz–Simpson overlap coefficient |A ∩ B| / min(|A|, |B|) over the token sets
 * (D. Szymkiewicz, 1934; G. G. Simpson, "Holarctic mammalian faunas and continental relationships
 * during the Cenozoic", Bull. Geol. Soc. America 58, 1947). It is 1
 * when one set is contained in the other, so it suits lists where one side may carry extra items and
 * only a conflict should count against the pair: the model numbers of two product titles
 * ("cs3" vs "cs3 10 65015779"), authors where one source lists only the first few. `overlap > 0` is
 * "share at least one token". Option `qgram: n` uses character n-grams. Two empty values score 1,
 * one empty side 0.
 */
import { checkKnownOptions, readNumber } from '../normalizers/options';
import type { MetricDefinition } from './metric';
import { tokenizer } from './tokenize';

export function overlapOfSets(setA: ReadonlySet<string>, setB: ReadonlySet<string>): number {
  if (setA.size === 0 || setB.size === 0) return setA.size === setB.size ? 1 : 0;
  const [small, large] = setA.size <= setB.size ? [setA, setB] : [setB, setA];
  let common = 0;
  for (const item of small) if (large.has(item)) common++;
  return common / small.size;
}

export const overlap: MetricDefinition = {
  name: 'overlap',
  kind: 'similarity',
  description: 'Overlap coefficient |A ∩ B| / min(|A|, |B|) of the token sets; option `qgram`.',
  create(options) {
    checkKnownOptions('overlap', options, ['qgram']);
    const tokenize = tokenizer(
      readNumber('overlap', options, 'qgram', 0, { min: 0, max: 16, integer: true }),
    );
    return (a, b) => (a === b ? 1 : overlapOfSets(new Set(tokenize(a)), new Set(tokenize(b))));
  },
};
