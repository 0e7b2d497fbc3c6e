/**
 * strip_punctuation: removes Unicode punctuation (General Category P) and symbols (S: $, +, ©, ...).
 *
 * Options:
 * - `keep` (string): characters to keep even though they are punctuation, for example "-'".
 * - `replacement` (string, default ""): what each removed character becomes. Use " " when the
 *   punctuation separates words ("smith-jones" → "smith jones"), and follow with
 *   collapse_whitespace.
 * The regex is compiled once at module load; `keep` is a Set looked up only for matched characters.
 */
import type { NormalizerDefinition } from './normalizer';
import { checkKnownOptions, readString } from './options';
import { emptyToNull } from './text';

const PUNCTUATION = /[\p{P}\p{S}]/gu;

export const stripPunctuation: NormalizerDefinition = {
  name: 'strip_punctuation',
  description: 'Removes punctuation and symbols; options `keep` (characters to keep) and `replacement`.',
  create(options) {
    const owner = 'strip_punctuation';
    checkKnownOptions(owner, options, ['keep', 'replacement']);
    const keep = new Set(Array.from(readString(owner, options, 'keep', '')));
    const replacement = readString(owner, options, 'replacement', '');
    if (keep.size === 0) {
      return (value) => emptyToNull(value.replace(PUNCTUATION, replacement));
    }
    const replace = (ch: string): string => (keep.has(ch) ? ch : replacement);
    return (value) => emptyToNull(value.replace(PUNCTUATION, replace));
  },
};
