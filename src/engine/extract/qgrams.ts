/**
 * qgrams: the character q-grams of a value as space-separated tokens, so token metrics (jaccard,
 * tfidf_cosine) compare strings at the character level. TF-IDF over character 3-grams is robust to
 * word splits and typos ("printshop" vs "print shop", "imagemanager") — Gravano et al., "Text joins
 * in an RDBMS for web data integration" (WWW 2003); Cohen, Ravikumar & Fienberg, "A comparison of
 * string distance metrics for name-matching tasks" (2003).
 *
 * White space and punctuation are removed first, so grams span word boundaries. Duplicate grams are
 * kept (they carry term frequency). Options: `q` (integer 2..5, default 3).
 */
import type { NormalizerDefinition } from '../normalizers/normalizer';
import { checkKnownOptions, readNumber } from '../normalizers/options';

const NOT_ALNUM = /[^\p{L}\p{N}]+/gu;

export const qgrams: NormalizerDefinition = {
  name: 'qgrams',
  description: 'Character q-grams (white space and punctuation removed) as space-separated tokens; `q` (default 3).',
  create(options) {
    checkKnownOptions('qgrams', options, ['q']);
    const q = readNumber('qgrams', options, 'q', 3, { min: 2, max: 5, integer: true });
    return (value) => {
      const text = value.toLowerCase().replace(NOT_ALNUM, '');
      if (text.length === 0) return null;
      if (text.length <= q) return text;
      const grams: string[] = [];
      for (let i = 0; i + q <= text.length; i++) grams.push(text.slice(i, i + q));
      return grams.join(' ');
    };
  },
};
