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
    checkKnownOptions('model_numbers', options, ['min_length', 'letters']);
    const minLength = readNumber('model_numbers', options, 'min_length', 1, { min: 1, integer: true });
    const letters = readBoolean('model_numbers', options, 'letters', true);
    return (value) => {
      const codes = new Set<string>();
      const text = value.toLowerCase().replace(THOUSANDS, '$1$2');
      const joined = (text.match(JOINED) ?? [])
        .filter((group) => !group.includes('.'))
        .map((group) => group.replace(/[-/]/g, ''))
        .filter((code) => code.length >= MIN_JOINED);
      for (const token of [...(text.match(TOKEN) ?? []), ...joined]) {
        if (!HAS_DIGIT.test(token)) continue;
        const code = canonical(token);
        if (!letters && HAS_LETTER.test(code)) continue;
        if (code.length >= minLength) codes.add(code);
      }
      return codes.size === 0 ? null : [...codes].sort().join(' ');
    };
  },
};
