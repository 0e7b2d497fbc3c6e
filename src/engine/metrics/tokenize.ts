/**
 * Tokenizers for the token and q-gram metrics.
 *
 * Metrics expect normalized input (see the `tokens` normalizer), so splitting on white space is
 * enough; a hand-written loop avoids the regex and the empty strings of `split(/\s+/)`.
 * Character q-grams (Ukkonen 1992) slide a window of `q` UTF-16 code units, without padding; a
 * non-empty string shorter than `q` is its own single gram, so "ab" still matches "ab" with q = 3.
 */

function isSpace(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 0xa0 ||
    code === 0x3000 ||
    (code >= 0x2000 && code <= 0x200a)
  );
}

export function splitWhitespace(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    if (isSpace(s.charCodeAt(i))) {
      if (start >= 0) out.push(s.slice(start, i));
      start = -1;
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0) out.push(s.slice(start));
  return out;
}

export function qgrams(s: string, q: number): string[] {
  if (s.length === 0) return [];
  if (s.length <= q) return [s];
  const out = new Array<string>(s.length - q + 1);
  for (let i = 0; i + q <= s.length; i++) out[i] = s.slice(i, i + q);
  return out;
}

/** `qgram: 0` (default) means white-space tokens; `qgram: n` means character n-grams. */
export function tokenizer(qgram: number): (s: string) => string[] {
  return qgram > 0 ? (s) => qgrams(s, qgram) : splitWhitespace;
}

/** Multiset as item → count. */
export function countItems(items: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}
