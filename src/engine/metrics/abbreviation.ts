/**
 * Is one word an abbreviation of the other? The shorter keeps the first letter of the longer and
 * drops letters without reordering them: "upg" / "upgrade", "prof" / "professional", "intl" /
 * "international", "mgmt" / "management", "wkgp" / "workgroup". This is the "abbreviation by
 * truncation or contraction" rule of name-matching practice (Christen, "Data Matching", 2012, §5.2:
 * a word of one value is a prefix or an in-order subsequence of a word of the other).
 *
 * Both must be letters only and the shorter at least 3 letters long and shorter than the other: a
 * digit is a version or a code, where "1" against "10" is a conflict, not a short form, and two
 * letters ("pc", "xp") agree with far too many words.
 */
const LETTERS = /^\p{L}+$/u;

export const MIN_ABBREVIATION = 3;

export function abbreviates(x: string, y: string): boolean {
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (short.length < MIN_ABBREVIATION || short.length === long.length || short[0] !== long[0]) return false;
  if (!LETTERS.test(short) || !LETTERS.test(long)) return false;
  let found = 0;
  for (let i = 0; i < long.length && found < short.length; i++) if (long[i] === short[found]) found++;
  return found === short.length;
}
