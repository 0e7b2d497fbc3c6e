/**
 * model_numbers: pulls the identifying codes out of free-text product titles — model numbers,
 * versions and years ("photoshop cs3 10.0 upgrade" → "10 cs3"). These are the tokens a title
 * comparison must not gloss over: "office 2003" and "office 2007" share every word but the one that
 * matters. The approach is the "model words" of Köpcke, Thor & Rahm (PVLDB 2010) and of
 * van Bezu et al., "Multi-component similarity method for web product duplicate detection" (2015):
 * a token that mixes digits with letters or punctuation, or a number. A code written with hyphens or
 * slashes ("h22-00301", "csa-b100-srvr-k9") is also kept joined ("h2200301"), the way the other
 * catalogue may write it, besides its parts.
 *
 * Output: the distinct codes, sorted and joined by one space (the form token metrics split on), or
 * null when the title has none. Options: `min_length` (default 1), `letters` (default true: keep
 * codes that mix letters and digits; false keeps numbers only). "250 000" and "250,000" are read as
 * one number.
 *
 * Two readings that make one catalogue's version equal to the other's, off by default (they change
 * the prepared form of stored records, so a config opts in and the fingerprint changes with it):
 * `split_words` also keeps the number written onto a word of four or more letters ("audition2",
 * "vegas7" → "2", "7"; "cs3" and "win32" stay whole: short letter runs are part of the code), and
 * `roman` reads a standalone Roman numeral from ii to xxx as its number ("warlords iii",
 * "crystal reports xi" → "3", "11"; "i", "v" and "x" alone are words or "mac os x", not versions).
 */
import type { NormalizerDefinition } from '../normalizers/normalizer';
import { checkKnownOptions, readBoolean, readNumber } from '../normalizers/options';

const TOKEN = /[a-z0-9]+(?:\.[a-z0-9]+)*/g;
const PART = '[a-z0-9]+(?:\\.[a-z0-9]+)*';
const JOINED = new RegExp(`${PART}(?:[-/]${PART})+`, 'g');
/** Shorter joined forms are ranges and fractions ("3-8", "k-2"), not codes. */
const MIN_JOINED = 5;
const THOUSANDS = /\b(\d{1,3})[ ,](\d{3})\b/g;
const HAS_DIGIT = /\d/;
const HAS_LETTER = /[a-z]/;
/** A word of four or more letters with a number written onto it: "audition2", "vegas7". */
const WORD_NUMBER = /^[a-z]{4,}(\d+(?:\.\d+)*)$/;
const ROMAN = /^(x{0,3})(ix|iv|v?i{0,3})$/;
const ROMAN_UNITS: Record<string, number> = {
  '': 0,
  i: 1,
  ii: 2,
  iii: 3,
  iv: 4,
  v: 5,
  vi: 6,
  vii: 7,
  viii: 8,
  ix: 9,
};

/** "iii" → "3", "xi" → "11"; null for anything else, and for "i", "v", "x" alone. */
function romanNumber(token: string): string | null {
  const match = token.length >= 2 ? ROMAN.exec(token) : null;
  return match ? String(match[1].length * 10 + ROMAN_UNITS[match[2]]) : null;
}

/** "v1.2" → "1.2", "7.0" → "7", "2.00" → "2": the same version written differently compares equal. */
function canonical(code: string): string {
  let value = code.replace(/^v\.?(?=\d)/, '');
  if (/^\d+(\.\d+)+$/.test(value)) value = value.replace(/(\.0+)+$/, '');
  return value;
}

export const modelNumbers: NormalizerDefinition = {
  name: 'model_numbers',
  description:
    'Codes, versions and numbers found in a product title, sorted and deduplicated; `min_length`, `letters`.',
  create(options) {
    checkKnownOptions('model_numbers', options, ['min_length', 'letters', 'split_words', 'roman']);
    const minLength = readNumber('model_numbers', options, 'min_length', 1, { min: 1, integer: true });
    const letters = readBoolean('model_numbers', options, 'letters', true);
    const splitWords = readBoolean('model_numbers', options, 'split_words', false);
    const roman = readBoolean('model_numbers', options, 'roman', false);
    return (value) => {
      const codes = new Set<string>();
      const add = (code: string) => {
        if (!letters && HAS_LETTER.test(code)) return;
        if (code.length >= minLength) codes.add(code);
      };
      const text = value.toLowerCase().replace(THOUSANDS, '$1$2');
      const joined = (text.match(JOINED) ?? [])
        .filter((group) => !group.includes('.'))
        .map((group) => group.replace(/[-/]/g, ''))
        .filter((code) => code.length >= MIN_JOINED);
      for (const token of [...(text.match(TOKEN) ?? []), ...joined]) {
        const number = roman ? romanNumber(token) : null;
        if (number !== null) add(number);
        if (!HAS_DIGIT.test(token)) continue;
        const code = canonical(token);
        add(code);
        const glued = splitWords ? WORD_NUMBER.exec(code) : null;
        if (glued) add(canonical(glued[1]));
      }
      return codes.size === 0 ? null : [...codes].sort().join(' ');
    };
  },
};
