/**
 * jaro_winkler: Jaro similarity boosted for a common prefix (W. E. Winkler, "String comparator
 * metrics and enhanced decision rules in the Fellegi-Sunter model of record linkage", Proc.
 * Section on Survey Research Methods, ASA, 1990): jw = j + l·p·(1 − j), with l the common prefix
 * length capped at `max_prefix` (4) and p the `prefix_scale` (0.1). As in Winkler's code the boost
 * applies only when j exceeds `boost_threshold` (0.7), so unrelated strings with a shared initial
 * are not pulled up. p·max_prefix must stay ≤ 1 or the score could exceed 1.
 *
 * Options: `prefix_scale` (default 0.1), `max_prefix` (default 4), `boost_threshold` (default 0.7).
 */
import { checkKnownOptions, readNumber } from '../normalizers/options';
import { jaroSimilarity } from './jaro';
import type { MetricDefinition } from './metric';

export function jaroWinklerSimilarity(
  a: string,
  b: string,
  prefixScale = 0.1,
  maxPrefix = 4,
  boostThreshold = 0.7,
): number {
  const j = jaroSimilarity(a, b);
  if (j <= boostThreshold) return j;
  const limit = Math.min(maxPrefix, a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * prefixScale * (1 - j);
}

export const jaroWinkler: MetricDefinition = {
  name: 'jaro_winkler',
  kind: 'similarity',
  description:
    'Jaro-Winkler similarity (Winkler 1990); options `prefix_scale`, `max_prefix`, `boost_threshold`.',
  create(options) {
    const owner = 'jaro_winkler';
    checkKnownOptions(owner, options, ['prefix_scale', 'max_prefix', 'boost_threshold']);
    const maxPrefix = readNumber(owner, options, 'max_prefix', 4, { min: 0, max: 16, integer: true });
    const prefixScale = readNumber(owner, options, 'prefix_scale', 0.1, { min: 0, max: 1 });
    const boostThreshold = readNumber(owner, options, 'boost_threshold', 0.7, { min: 0, max: 1 });
    if (prefixScale * maxPrefix > 1) {
      throw new Error(`${owner}: prefix_scale × max_prefix must be ≤ 1 (got ${prefixScale} × ${maxPrefix})`);
    }
    return (a, b) => jaroWinklerSimilarity(a, b, prefixScale, maxPrefix, boostThreshold);
  },
};
