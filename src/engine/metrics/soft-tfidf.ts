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
 */
import { checkKnownOptions, readNumber } from '../normalizers/options';
import { jaroWinklerSimilarity } from './jaro-winkler';
import type { MetricDefinition } from './metric';
import { cachedLeft, readVectorOptions, vectorizer, type WeightedVector } from './tfidf-vector';

function directed(s: WeightedVector, t: WeightedVector, threshold: number): number {
  let total = 0;
  for (const [w, weight] of s.weights) {
    if (weight === 0) continue;
    const exact = t.weights.get(w);
    if (exact !== undefined) {
      total += (weight / s.norm) * (exact / t.norm);
      continue;
    }
    let best = 0;
    let bestWeight = 0;
    for (const [v, other] of t.weights) {
      const similarity = jaroWinklerSimilarity(w, v, 0.1);
      if (similarity > best) {
        best = similarity;
        bestWeight = other;
      }
    }
    if (best >= threshold) total += (weight / s.norm) * (bestWeight / t.norm) * best;
  }
  return total;
}

export const softTfidf: MetricDefinition = {
  name: 'soft_tfidf',
  kind: 'similarity',
  description:
    'TF-IDF cosine where tokens within jaro_winkler `inner_threshold` (0.9) of each other agree; option `tf`.',
  create(options) {
    checkKnownOptions('soft_tfidf', options, ['idf', 'inner_threshold', 'tf']);
    const threshold = readNumber('soft_tfidf', options, 'inner_threshold', 0.9, { min: 0, max: 1 });
    const vectorize = vectorizer(readVectorOptions('soft_tfidf', options, false));
    return cachedLeft(vectorize, (a, b) => {
      if (a.norm === 0 || b.norm === 0) return a.weights.size === 0 && b.weights.size === 0 ? 1 : 0;
      return Math.min(1, (directed(a, b, threshold) + directed(b, a, threshold)) / 2);
    });
  },
};
