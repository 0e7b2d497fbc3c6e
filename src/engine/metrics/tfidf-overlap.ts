/**
 * tfidf_overlap: the TF-IDF weighted overlap coefficient, Σ_t min(a_t, b_t) / min(Σ a, Σ b) — the
 * share of the lighter value's weight that the other value also carries. It is the weighted form of
 * the Szymkiewicz–Simpson overlap coefficient (see overlap.ts), with the weights of tfidf_cosine.
 *
 * Reach for it when one source describes the same thing with more words than the other: a shop's
 * "adobe photoshop cs3" against a feed's "adobe 65015779 photoshop cs3 for windows full version".
 * Cosine punishes the longer value for its extra tokens; the overlap is 1 as long as the shorter
 * value is contained in the longer one, and drops only for the (IDF-weighted) tokens of the lighter
 * value that the other lacks: "instant immersion french" vs "instant immersion italian". Pair it
 * with a cosine comparison: overlap alone cannot tell "adobe" from "adobe photoshop cs3".
 *
 * Options as tfidf_cosine (`qgram`, `tf`; the engine injects `idf`). Two values without weighted
 * tokens score 1 when both are empty, else 0.
 */
import { checkKnownOptions } from '../normalizers/options';
import type { MetricDefinition } from './metric';
import { cachedVectors, readVectorOptions, vectorizer, type WeightedVector } from './tfidf-vector';

export function overlapOfVectors(a: WeightedVector, b: WeightedVector): number {
  if (a.total === 0 || b.total === 0) return a.weights.size === 0 && b.weights.size === 0 ? 1 : 0;
  const [small, large] = a.weights.size <= b.weights.size ? [a, b] : [b, a];
  let shared = 0;
  for (const [token, weight] of small.weights) shared += Math.min(weight, large.weights.get(token) ?? 0);
  return Math.min(1, shared / Math.min(a.total, b.total));
}

export const tfidfOverlap: MetricDefinition = {
  name: 'tfidf_overlap',
  kind: 'similarity',
  description:
    'TF-IDF weighted overlap coefficient: the share of the lighter value the other contains; options `qgram`, `tf`.',
  create(options) {
    checkKnownOptions('tfidf_overlap', options, ['idf', 'idf_revision', 'qgram', 'tf']);
    return cachedVectors(vectorizer(readVectorOptions('tfidf_overlap', options)), overlapOfVectors, options);
  },
};
