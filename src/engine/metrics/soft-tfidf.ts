/**
 * soft_tfidf: TF-IDF cosine in which a token also agrees with a similar token of the other value
 * (W. W. Cohen, P. Ravikumar & S. E. Fienberg, "A comparison of string distance metrics for
 * name-matching tasks", IIWeb 2003, where it scored best on most of their name and title sets):
 *
 *   soft(S, T) = Σ over tokens w of S with a close token in T of V(w, S) · V(v*, T) · sim(w, v*)
 *
 * with V the unit-length TF-IDF vectors, v* the most similar token of T and "close" meaning
 * jaro_winkler(w, v*) ≥ `inner_threshold` (default 0.9, Cohen et al.'s θ). So "bosendorfer" still meets
 * "bsendorfer", and "micro soft" half-meets "microsoft" only through the words that agree. The
 * original is asymmetric; we return the mean of both directions (as monge_elkan does), capped at 1.
 *
 * Words only (no q-grams: the inner similarity already tolerates typos). The engine injects `idf`
 * as for tfidf_cosine (same vocabulary). Cost: |S|·|T| jaro_winkler calls on tokens.
 *
 * `abbreviations: true` also lets a word meet its abbreviation ("prof" / "professional", "intl" /
 * "international": abbreviation.ts), which Jaro-Winkler scores below 0.9 for all but the longest
 * short forms. Such a pair agrees at the inner threshold, the weakest agreement, not as an equal word.
 */
import { checkKnownOptions, readBoolean, readNumber } from '../normalizers/options';
import { abbreviates } from './abbreviation';
import { jaroWinklerSimilarity } from './jaro-winkler';
import type { MetricDefinition } from './metric';
import { cachedVectors, readVectorOptions, vectorizer, type WeightedVector } from './tfidf-vector';

/**
 * Upper bound of jaro_winkler for two lengths: Jaro is at most (2 + short/long) / 3 (every character of
 * the shorter string matched, no transposition) and the Winkler boost adds at most 0.4 of the rest
 * (4 prefix characters × 0.1). Pairs of tokens under the threshold contribute nothing, so skipping them
 * changes no result.
 */
function reachable(lengthA: number, lengthB: number, threshold: number): boolean {
  const jaro = (2 + Math.min(lengthA, lengthB) / Math.max(lengthA, lengthB)) / 3;
  return jaro + 0.4 * (1 - jaro) >= threshold;
}

/**
 * Both directions in one pass over the token pairs: for each token of a (of b), the most similar token
 * of b (of a) and that similarity; then the sums of the formula above.
 */
/** Inner similarity of two different tokens, 0 when they cannot reach the threshold. */
function inner(w: string, v: string, threshold: number, abbreviations: boolean): number {
  const similarity = reachable(w.length, v.length, threshold) ? jaroWinklerSimilarity(w, v, 0.1) : 0;
  return similarity < threshold && abbreviations && abbreviates(w, v) ? threshold : similarity;
}

function soft(a: WeightedVector, b: WeightedVector, threshold: number, abbreviations: boolean): number {
  const tokensB = [...b.weights];
  const bestOfB = new Float64Array(tokensB.length);
  const partnerOfB = new Float64Array(tokensB.length);
  let forward = 0;
  for (const [w, weight] of a.weights) {
    let best = 0;
    let bestWeight = 0;
    tokensB.forEach(([v, other], k) => {
      const similarity = w === v ? 1 : inner(w, v, threshold, abbreviations);
      if (similarity === 0) return;
      if (similarity > best) {
        best = similarity;
        bestWeight = other;
      }
      if (similarity > bestOfB[k]) {
        bestOfB[k] = similarity;
        partnerOfB[k] = weight;
      }
    });
    if (best >= threshold) forward += (weight / a.norm) * (bestWeight / b.norm) * best;
  }
  let backward = 0;
  tokensB.forEach(([, weight], k) => {
    if (bestOfB[k] >= threshold) backward += (weight / b.norm) * (partnerOfB[k] / a.norm) * bestOfB[k];
  });
  return (forward + backward) / 2;
}

export const softTfidf: MetricDefinition = {
  name: 'soft_tfidf',
  kind: 'similarity',
  description:
    'TF-IDF cosine where tokens within jaro_winkler `inner_threshold` (0.9) of each other agree; options `tf`, `abbreviations`.',
  create(options) {
    checkKnownOptions('soft_tfidf', options, [
      'abbreviations',
      'idf',
      'idf_revision',
      'inner_threshold',
      'tf',
    ]);
    const threshold = readNumber('soft_tfidf', options, 'inner_threshold', 0.9, { min: 0, max: 1 });
    const abbreviations = readBoolean('soft_tfidf', options, 'abbreviations', false);
    const vectorize = vectorizer(readVectorOptions('soft_tfidf', options, false));
    return cachedVectors(
      vectorize,
      (a, b) => {
        if (a.norm === 0 || b.norm === 0) return a.weights.size === 0 && b.weights.size === 0 ? 1 : 0;
        return Math.min(1, soft(a, b, threshold, abbreviations));
      },
      options,
    );
  },
};
