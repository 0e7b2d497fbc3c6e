/**
 * strip_accents: folds accented Latin letters to ASCII. NFKD (Unicode UAX #15) decomposes "é" into
 * "e" + U+0301, and the combining marks (General Category M) are dropped; letters that have no
 * decomposition (ß, æ, ø, ł, đ, þ, œ ...) use the fold table in `text.ts`, as Lucene's
 * ASCIIFoldingFilter does. NFKD also expands compatibility forms (ligature "ﬁ" → "fi",
 * full-width "Ａ" → "A"), which is what we want for matching.
 */
import type { NormalizerDefinition } from './normalizer';
import { checkKnownOptions } from './options';
import { emptyToNull, stripAccents as fold } from './text';

export const stripAccents: NormalizerDefinition = {
  name: 'strip_accents',
  description: 'Removes diacritics (NFKD + combining marks) and folds ß, æ, ø, ł, œ ... to ASCII.',
  create(options) {
    checkKnownOptions('strip_accents', options, []);
    return (value) => emptyToNull(fold(value));
  },
};
