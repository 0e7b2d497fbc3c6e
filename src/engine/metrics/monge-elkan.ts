/**
 * monge_elkan: the Monge-Elkan token similarity (A. E. Monge & C. P. Elkan, "The field matching
 * problem: algorithms and applications", KDD 1996): for each token of a, the best inner
 * similarity against any token of b, averaged over a's tokens. The inner similarity is
 * jaro_winkler, as recommended for names by Cohen, Ravikumar & Fienberg (IIWeb 2003). Good for
 * multi-token names with typos and reordering ("jon smith" vs "smith john").
 *
 * The original is asymmetric (ME(a, b) ≠ ME(b, a) when token counts differ). A comparison should
 * not depend on which record is on the left, so by default we return the mean of both directions;
 * `symmetric: false` gives the original. Cost: |a|·|b| jaro_winkler calls on tokens.
 *
 * Options: `symmetric` (default true), `prefix_scale` (inner jaro_winkler, default 0.1).
 */
import { checkKnownOptions, readBoolean, readNumber } from '../normalizers/options';
import { jaroWinklerSimilarity } from './jaro-winkler';
import type { MetricDefinition } from './metric';
import { splitWhitespace } from './tokenize';

function directed(tokensA: readonly string[], tokensB: readonly string[], prefixScale: number): number {
  let total = 0;
  for (const x of tokensA) {
    let best = 0;
    for (const y of tokensB) {
      const s = jaroWinklerSimilarity(x, y, prefixScale);
      if (s > best) best = s;
      if (best === 1) break;
    }
    total += best;
  }
  return total / tokensA.length;
}

export function mongeElkanSimilarity(a: string, b: string, symmetric = true, prefixScale = 0.1): number {
  if (a === b) return 1;
  const tokensA = splitWhitespace(a);
  const tokensB = splitWhitespace(b);
  if (tokensA.length === 0 || tokensB.length === 0) return tokensA.length === tokensB.length ? 1 : 0;
  const forward = directed(tokensA, tokensB, prefixScale);
  return symmetric ? (forward + directed(tokensB, tokensA, prefixScale)) / 2 : forward;
}

export const mongeElkan: MetricDefinition = {
  name: 'monge_elkan',
  kind: 'similarity',
  description: 'Monge-Elkan: mean best jaro_winkler per token; options `symmetric`, `prefix_scale`.',
  create(options) {
    const owner = 'monge_elkan';
    checkKnownOptions(owner, options, ['symmetric', 'prefix_scale']);
    const symmetric = readBoolean(owner, options, 'symmetric', true);
    const prefixScale = readNumber(owner, options, 'prefix_scale', 0.1, { min: 0, max: 0.25 });
    return (a, b) => mongeElkanSimilarity(a, b, symmetric, prefixScale);
  },
};
