/**
 * company_name: canonical form of an organisation name.
 *
 * Follows the usual firm-name standardisation (Wasi & Flaaen, "Record linkage using Stata:
 * preprocessing, linking, and reviewing utilities", Stata Journal 15(3), 2015, and the legal-form
 * lists of ISO 20275 ELF codes): lowercase and fold accents; "&" becomes "and"; periods and
 * apostrophes are deleted so "L.L.C." → "llc" and "Macy's" → "macys"; any other punctuation
 * separates words. Legal-form suffixes are removed only at the end, repeatedly, longest phrase
 * first ("Acme Holdings Co., Ltd." → "acme holdings", "Foo GmbH & Co. KG" → "foo"), and never the
 * first token, so "The Limited" or "Company" keep a name. Legal forms are not removed in the middle:
 * "Co-operative Bank" keeps its "co".
 *
 * Options: `remove_leading_the` (boolean, default true), `extra_suffixes` (string[], lowercase,
 * multi-word allowed, added to the built-in list).
 */
import type { NormalizerDefinition } from './normalizer';
import { checkKnownOptions, readBoolean, readStringArray } from './options';
import { foldCase, splitAlnum } from './text';

const DELETED = /['’ʼ‘`´.]/g;
const AMPERSAND = /&/g;

export const LEGAL_SUFFIXES: readonly string[] = [
  ...['inc', 'incorporated', 'llc', 'llp', 'lllp', 'pllc', 'ltd', 'limited', 'ltda', 'corp', 'corporation'],
  ...['co', 'company', 'cos', 'gmbh', 'mbh', 'ag', 'kg', 'kgaa', 'ohg', 'ug', 'ev', 'sa', 'sas', 'sasu'],
  ...['sarl', 'sca', 'bv', 'nv', 'bvba', 'sprl', 'vof', 'plc', 'pty', 'pte', 'pvt', 'oy', 'oyj', 'ab'],
  ...['publ', 'as', 'asa', 'aps', 'spa', 'srl', 'sl', 'slu', 'sro', 'doo', 'kft', 'zrt', 'nyrt', 'kk'],
  ...['lp', 'pc', 'se', 'bhd', 'tbk', 'jsc', 'pjsc', 'ooo', 'cv', 'cie', 'lda', 'sab', 'sapi'],
  ...['limited liability company', 'limited liability partnership', 'limited partnership'],
  ...['public limited company', 'sdn bhd', 'and co', 'and company', 'et cie', 'and cie', 'sp z oo'],
  ...['spol s r o', 's r o', 's a', 's a s', 's l', 'b v', 'n v', 'de cv', 'sa de cv', 's de rl'],
  ...['l l c', 'l p', 'p c', 'kabushiki kaisha', 'aktiengesellschaft', 'naamloze vennootschap'],
];

function buildSuffixIndex(phrases: readonly string[]): { set: ReadonlySet<string>; maxWords: number } {
  const set = new Set<string>();
  let maxWords = 1;
  for (const phrase of phrases) {
    const words = splitAlnum(foldCase(phrase));
    if (words.length === 0) continue;
    set.add(words.join(' '));
    maxWords = Math.max(maxWords, words.length);
  }
  return { set, maxWords };
}

export const companyName: NormalizerDefinition = {
  name: 'company_name',
  description:
    'Lowercases, folds accents/punctuation, "&"→and, strips trailing legal forms (Inc, Ltd, GmbH...).',
  create(options) {
    const owner = 'company_name';
    checkKnownOptions(owner, options, ['remove_leading_the', 'extra_suffixes']);
    const removeThe = readBoolean(owner, options, 'remove_leading_the', true);
    const extra = readStringArray(owner, options, 'extra_suffixes', []);
    const { set, maxWords } = buildSuffixIndex([...LEGAL_SUFFIXES, ...extra]);

    return (value) => {
      const tokens = splitAlnum(foldCase(value).replace(AMPERSAND, ' and ').replace(DELETED, ''));
      const start = removeThe && tokens.length > 1 && tokens[0] === 'the' ? 1 : 0;
      let end = tokens.length;
      let removed = true;
      while (removed) {
        removed = false;
        // Longest phrase first, and always leave at least one token after `start`.
        for (let words = Math.min(maxWords, end - start - 1); words >= 1; words--) {
          if (set.has(tokens.slice(end - words, end).join(' '))) {
            end -= words;
            removed = true;
            break;
          }
        }
      }
      if (end <= start) return null;
      if (start === 0 && end === tokens.length) return tokens.join(' ');
      return tokens.slice(start, end).join(' ');
    };
  },
};
