/**
 * longest_common_substring_ratio: length L of the longest common *contiguous* substring, divided
 * by a length, in [0, 1] (the classic dynamic programme, D. Gusfield, "Algorithms on Strings,
 * Trees, and Sequences", 1997, §7.4, on one reused Int32Array row; O(|a|·|b|) time).
 * Robust to prefixes/suffixes added on one side ("acme" inside "the acme company").
 *
 * Option `normalize`: "max" (default, L / max length: a short value inside a long one scores low),
 * "min" (L / min length: containment scores 1) or "mean" (2L / (|a| + |b|)). Two empty strings 1.
 */
import { checkKnownOptions, readEnum } from '../normalizers/options';
import { ensureInt32 } from './buffers';
import type { MetricDefinition } from './metric';

let row = new Int32Array(64);

export function longestCommonSubstring(a: string, b: string): number {
  if (a.length > b.length) {
    const shorter = b;
    b = a;
    a = shorter;
  }
  const n = a.length;
  row = ensureInt32(row, n + 1);
  row.fill(0, 0, n + 1);
  let best = 0;
  for (let j = 0; j < b.length; j++) {
    const code = b.charCodeAt(j);
    // Right to left, so row[i - 1] still holds the previous column's value.
    for (let i = n; i >= 1; i--) {
      if (a.charCodeAt(i - 1) === code) {
        const v = row[i - 1] + 1;
        row[i] = v;
        if (v > best) best = v;
      } else {
        row[i] = 0;
      }
    }
  }
  return best;
}

export type LcsNormalization = 'max' | 'min' | 'mean';

export function longestCommonSubstringRatio(
  a: string,
  b: string,
  normalize: LcsNormalization = 'max',
): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const l = longestCommonSubstring(a, b);
  if (normalize === 'min') return l / Math.min(a.length, b.length);
  if (normalize === 'mean') return (2 * l) / (a.length + b.length);
  return l / Math.max(a.length, b.length);
}

export const longestCommonSubstringRatioMetric: MetricDefinition = {
  name: 'longest_common_substring_ratio',
  kind: 'similarity',
  description: 'Longest common substring length / length (option `normalize`: max, min, mean).',
  create(options) {
    const owner = 'longest_common_substring_ratio';
    checkKnownOptions(owner, options, ['normalize']);
    const normalize = readEnum(owner, options, 'normalize', ['max', 'min', 'mean'] as const, 'max');
    return (a, b) => longestCommonSubstringRatio(a, b, normalize);
  },
};
