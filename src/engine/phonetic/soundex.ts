/**
 * soundex: American Soundex as standardised by the US National Archives ("The Soundex Indexing
 * System", NARA, 2007; after R. C. Russell's US patent 1,261,167, 1918): the first letter, then
 * digits for the following consonants (BFPV 1, CGJKQSXZ 2, DT 3, L 4, MN 5, R 6), padded or cut
 * to four characters. Adjacent letters with the same digit code once, including the first letter
 * ("Pfister" → P236), and so do letters separated only by H or W ("Ashcraft" → A261), whereas a
 * vowel (or Y) between them lets the digit repeat ("Tymczak" → T522).
 *
 * Input is accent-folded and upper-cased; anything that is not A-Z is skipped, so multi-word
 * values code as one word. A value without letters has no code (an empty list).
 */
import { stripAccents } from '../normalizers/text';

// Index = letter code - 65 ('A'). 0 = vowel (separates), -1 = H/W (transparent).
const CODES = [0, 1, 2, 3, 0, 1, 2, -1, 0, 2, 2, 4, 5, 5, 0, 1, 2, 6, 2, 3, 0, 1, -1, 2, 0, 2];

export function soundex(input: string): string {
  const value = stripAccents(input).toUpperCase();
  let out = '';
  let previous = 0;
  for (let i = 0; i < value.length && out.length < 4; i++) {
    const index = value.charCodeAt(i) - 65;
    if (index < 0 || index > 25) continue;
    const code = CODES[index];
    if (out.length === 0) {
      out = value[i];
      previous = code;
    } else if (code > 0 && code !== previous) {
      out += String(code);
      previous = code;
    } else if (code === 0) {
      previous = 0;
    }
  }
  return out.length === 0 ? '' : out.padEnd(4, '0');
}

export function soundexKeys(input: string): string[] {
  const code = soundex(input);
  return code === '' ? [] : [code];
}
