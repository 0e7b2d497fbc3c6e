/**
 * Strict number parsing shared by numeric_diff and relative_diff. Values are expected in the
 * canonical form of the `number` normalizer ("-1234.5"); anything `Number()` would coerce
 * loosely ("", " ", "0x1F", "Infinity") is refused as NaN so the comparison falls to its else level.
 */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseDecimal(value: string): number {
  if (!DECIMAL.test(value)) return NaN;
  const n = Number(value);
  return Number.isFinite(n) ? n : NaN;
}
