/**
 * Reusable scratch memory for the string metrics, so the hot path (millions of comparisons)
 * allocates nothing per call.
 *
 * `PEQ` is the pattern-match-vector table of the bit-parallel algorithms (Myers 1999; Hyyrö 2001,
 * 2003, 2004): one 32-bit mask per UTF-16 code unit. A caller sets the bits of its pattern with
 * `fillPeq`, runs, and must `clearPeq` the same pattern before returning; metrics are synchronous,
 * so one table serves them all. Strings are compared as UTF-16 code units: an astral character
 * (an emoji) counts as two, which normalized names and codes practically never contain.
 */
export const PEQ = new Int32Array(65536);

export function fillPeq(s: string, start: number, length: number): void {
  for (let i = 0; i < length; i++) PEQ[s.charCodeAt(start + i)] |= 1 << i;
}

export function clearPeq(s: string, start: number, length: number): void {
  for (let i = 0; i < length; i++) PEQ[s.charCodeAt(start + i)] = 0;
}

/** Returns `buffer` when it holds `size` items, else a new one twice as large (amortised growth). */
export function ensureInt32(buffer: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  return buffer.length >= size ? buffer : new Int32Array(Math.max(size, buffer.length * 2));
}

/** Number of set bits in a 32-bit integer (Hacker's Delight, fig. 5-2). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
