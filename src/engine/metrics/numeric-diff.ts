/**
 * numeric_diff: absolute difference |a − b| of two decimal numbers, as a distance. Use it for
 * quantities with a natural unit (years of birth, amounts in one currency); use relative_diff when
 * the scale varies. Non-numeric input gives NaN (the contract's "cannot compare").
 * IEEE-754 doubles: differences of values beyond 2^53 lose integer precision.
 */
import { checkKnownOptions } from '../normalizers/options';
import type { MetricDefinition } from './metric';
import { parseDecimal } from './numeric';

export function numericDifference(a: string, b: string): number {
  return Math.abs(parseDecimal(a) - parseDecimal(b));
}

export const numericDiff: MetricDefinition = {
  name: 'numeric_diff',
  kind: 'distance',
  description: 'Absolute difference |a − b| of two numbers; NaN when either is not a number.',
  create(options) {
    checkKnownOptions('numeric_diff', options, []);
    return numericDifference;
  },
};
