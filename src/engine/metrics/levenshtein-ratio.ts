/**
 * levenshtein_ratio: 1 − d / max(|a|, |b|), with d the Levenshtein distance (levenshtein.ts), the
 * "normalized Levenshtein similarity" of Yujian & Bo's survey ("A normalized Levenshtein distance
 * metric", IEEE TPAMI 29(6), 2007, eq. 1). Dividing by the longer length keeps it in [0, 1] and
 * lets one threshold serve short and long values. Two empty strings score 1.
 */
import { checkKnownOptions } from '../normalizers/options';
import { levenshteinDistance } from './levenshtein';
import type { MetricDefinition } from './metric';

export function levenshteinRatio(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - levenshteinDistance(a, b) / longest;
}

export const levenshteinRatioMetric: MetricDefinition = {
  name: 'levenshtein_ratio',
  kind: 'similarity',
  description: '1 − levenshtein / max length, in [0, 1].',
  create(options) {
    checkKnownOptions('levenshtein_ratio', options, []);
    return levenshteinRatio;
  },
};
