/**
 * tokens: free-text tokenization for token metrics (jaccard, cosine_tokens, tfidf_cosine ...).
 *
 * Lowercases, folds accents (text.ts), and splits on every run of characters that are neither
 * letters nor digits in any script (Unicode L and N), the "simple analyzer" of search engines.
 * Tokens keep their order and duplicates; `sorted_tokens` sorts and dedupes. The output is the
 * tokens joined by one space, which is what the token metrics split on.
 *
 * Options: `stopwords` (boolean, default false: drop Lucene's 33 English stop words, stopwords.ts),
 * `min_length` (integer ≥ 1, default 1: drop shorter tokens, measured in UTF-16 code units).
 */
import type { Normalizer, NormalizerDefinition, NormalizerOptions } from './normalizer';
import { checkKnownOptions, readBoolean, readNumber } from './options';
import { ENGLISH_STOPWORDS } from './stopwords';
import { foldCase, splitAlnum } from './text';

export const TOKEN_OPTIONS = ['stopwords', 'min_length'] as const;

/** Builds the token splitter shared by `tokens` and `sorted_tokens`. */
export function createTokenizer(owner: string, options: NormalizerOptions): (value: string) => string[] {
  checkKnownOptions(owner, options, TOKEN_OPTIONS);
  const stopwords = readBoolean(owner, options, 'stopwords', false);
  const minLength = readNumber(owner, options, 'min_length', 1, { min: 1, integer: true });
  if (!stopwords && minLength === 1) return (value) => splitAlnum(foldCase(value));
  return (value) =>
    splitAlnum(foldCase(value)).filter(
      (token) => token.length >= minLength && !(stopwords && ENGLISH_STOPWORDS.has(token)),
    );
}

export const tokens: NormalizerDefinition = {
  name: 'tokens',
  description:
    'Lowercase, accent-free tokens split on non-alphanumerics, joined by spaces; `stopwords`, `min_length`.',
  create(options): Normalizer {
    const tokenize = createTokenizer('tokens', options);
    return (value) => {
      const list = tokenize(value);
      return list.length === 0 ? null : list.join(' ');
    };
  },
};
