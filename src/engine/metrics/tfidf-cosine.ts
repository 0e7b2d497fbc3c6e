/**
 * tfidf_cosine: cosine of TF-IDF weighted token vectors (K. Spärck Jones, "A statistical
 * interpretation of term specificity and its application in retrieval", J. Documentation 28(1),
 * 1972; G. Salton & C. Buckley, "Term-weighting approaches in automatic text retrieval", 1988).
 * Rare tokens ("zyxel") count more than common ones ("inc", "street") — the standard choice for
 * company names and addresses (Cohen, Ravikumar & Fienberg, "A comparison of string distance
 * metrics for name-matching tasks", IIWeb 2003).
 *
 * IDF needs corpus statistics, which a metric cannot see: the engine injects them at build time
 * as `options.idf: (token) => number` (computed over its own corpus of normalized values; a
 * token it has never seen should get the largest idf). Without `idf`, every token weighs 1 and
 * this equals cosine_tokens. Options: `qgram: n` (character n-grams), `tf` (`raw`, `sublinear`,
 * `binary`; tfidf-vector.ts).
 */
import { checkKnownOptions } from '../normalizers/options';
import type { MetricDefinition } from './metric';
import {
  cachedVectors,
  dotOfVectors,
  readVectorOptions,
  vectorizer,
  type WeightedVector,
} from './tfidf-vector';

export type { IdfFunction } from './tfidf-vector';

export function cosineOfVectors(a: WeightedVector, b: WeightedVector): number {
  if (a.norm === 0 || b.norm === 0) {
    // Only two token-less values agree; zero-weight tokens carry no evidence either way.
    return a.weights.size === 0 && b.weights.size === 0 ? 1 : 0;
  }
  return Math.min(1, dotOfVectors(a, b) / (a.norm * b.norm));
}

export const tfidfCosine: MetricDefinition = {
  name: 'tfidf_cosine',
  kind: 'similarity',
  description:
    'Cosine of TF-IDF token vectors; the engine injects `idf` from its corpus; options `qgram`, `tf`.',
  create(options) {
    checkKnownOptions('tfidf_cosine', options, ['idf', 'idf_revision', 'qgram', 'tf']);
    return cachedVectors(vectorizer(readVectorOptions('tfidf_cosine', options)), cosineOfVectors, options);
  },
};
