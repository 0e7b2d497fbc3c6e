/**
 * relative_diff: |a − b| / max(|a|, |b|), the relative difference as a distance in [0, 2]
 * (2 only when the signs differ). Scale-free, so "within 5%" is one threshold (0.05) for both
 * revenue and headcount. Two zeros are identical (0). Non-numeric input gives NaN.
 */
import { checkKnownOptions } from '../normalizers/options';
import type { MetricDefinition } from './metric';
import { parseDecimal } from './numeric';

export function relativeDifference(a: string, b: string): number {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(Math.abs(x), Math.abs(y));
  if (scale === 0) return 0;
  return Math.abs(x - y) / scale;
}

export const relativeDiff: MetricDefinition = {
  name: 'relative_diff',
  kind: 'distance',
  description: 'Relative difference |a − b| / max(|a|, |b|); NaN when either is not a number.',
  create(options) {
    checkKnownOptions('relative_diff', options, []);
    return relativeDifference;
  },
};
