/**
 * Text primitives shared by several normalizers (accent folding, tokenizing).
 *
 * Accent folding follows the usual search-engine recipe (Unicode UAX #15 compatibility
 * decomposition, NFKD, then dropping combining marks, General Category M), plus a small table for
 * letters that Unicode does not decompose (ß, æ, ø, ł, đ, þ, œ, ı ...), as Lucene's
 * ASCIIFoldingFilter does. Pure-ASCII input, by far the most common case, returns the very same
 * string without calling `normalize()`.
 */

const COMBINING_MARKS = /\p{M}+/gu;
const NOT_DECOMPOSABLE = /[ßẞæÆøØłŁđĐðÐþÞœŒıħĦŧŦŋŊĸſ]/g;
const FOLDED: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'TH',
  œ: 'oe',
  Œ: 'OE',
  ı: 'i',
  ħ: 'h',
  Ħ: 'H',
  ŧ: 't',
  Ŧ: 'T',
  ŋ: 'n',
  Ŋ: 'N',
  ĸ: 'q',
  ſ: 's',
};

const fold = (ch: string): string => FOLDED[ch] ?? ch;

export function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) > 0x7f) return false;
  }
  return true;
}

/** NFKD + combining-mark removal + the fold table above. */
export function stripAccents(value: string): string {
  if (isAscii(value)) return value;
  return value.normalize('NFKD').replace(COMBINING_MARKS, '').replace(NOT_DECOMPOSABLE, fold);
}

/** Lowercase + accent folding: the common first step of the name and token normalizers. */
export function foldCase(value: string): string {
  return stripAccents(value.toLowerCase());
}

const NON_ALNUM_RUN = /[^\p{L}\p{N}]+/u;

/** Splits on every run of characters that are neither letters nor digits (any script). */
export function splitAlnum(value: string): string[] {
  const parts = value.split(NON_ALNUM_RUN);
  // split() yields empty strings at the edges when the value starts or ends with a separator.
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length > 0 && parts[0] === '') parts.shift();
  return parts;
}

/** Every normalizer maps an empty result to null: an empty string carries no information. */
export function emptyToNull(value: string): string | null {
  return value.length === 0 ? null : value;
}
