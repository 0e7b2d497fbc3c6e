/**
 * cosine_tokens: cosine of the token count vectors, Σ a_t·b_t / (‖a‖·‖b‖) (G. Salton & M. J.
 * McGill, "Introduction to Modern Information Retrieval", 1983, the vector space model), with raw
 * term counts as weights. Unlike jaccard, repeated tokens weigh more. Tokens are white-space words,
 * or character n-grams with option `qgram: n`. Two values without tokens score 1, one empty side 0.
 * For corpus-aware weights use tfidf_cosine.
 */
import { checkKnownOptions, readNumber } from '../normalizers/options';
import type { MetricDefinition } from './metric';
import { countItems, tokenizer } from './tokenize';

export function cosineOfCounts(
  countsA: ReadonlyMap<string, number>,
  countsB: ReadonlyMap<string, number>,
): number {
  if (countsA.size === 0 || countsB.size === 0) return countsA.size === countsB.size ? 1 : 0;
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (const [token, count] of countsA) {
    normA += count * count;
    const other = countsB.get(token);
    if (other !== undefined) dot += count * other;
  }
  for (const count of countsB.values()) normB += count * count;
  return Math.min(1, dot / Math.sqrt(normA * normB));
}

export const cosineTokens: MetricDefinition = {
  name: 'cosine_tokens',
  kind: 'similarity',
  description: 'Cosine of token count vectors (white-space tokens, or character q-grams with `qgram`).',
  create(options) {
    checkKnownOptions('cosine_tokens', options, ['qgram']);
    const q = readNumber('cosine_tokens', options, 'qgram', 0, { min: 0, max: 16, integer: true });
    const tokenize = tokenizer(q);
    return (a, b) => (a === b ? 1 : cosineOfCounts(countItems(tokenize(a)), countItems(tokenize(b))));
  },
};
