/**
 * fuzzy: similarity from Fuse.js's Bitap scorer (the customer's library of choice; fuse.js 7,
 * CommonJS build). Bitap (R. Baeza-Yates & G. Gonnet, "A new approach to text searching", CACM
 * 35(10), 1992; S. Wu & U. Manber, "Fast text searching allowing errors", CACM 35(10), 1992)
 * finds the shorter value inside the longer one with the fewest errors; Fuse's score is
 * errors / pattern length (plus a location penalty unless ignored), and similarity = 1 − score.
 * A pattern that is not found within `threshold` scores 0; an identical value scores 1; Fuse
 * floors other scores at 0.001, so near-misses top out at 0.999.
 *
 * Semantics differ from the edit-distance metrics: this is *substring* matching, so "acme" vs
 * "acme holdings" scores ~1. Cost: `Fuse.match` builds a pattern alphabet and runs one Bitap pass
 * per allowed error level, patterns over 32 characters are split into chunks, and it allocates per
 * call; bench/metrics.bench.ts measures about 0.2M pairs/s, 5-7× slower than jaro_winkler and
 * ~25× slower than levenshtein_ratio. Prefer those unless Fuse parity is a requirement.
 *
 * Options (Fuse's, renamed to snake case): `threshold` (0..1, default 0.6), `ignore_location`
 * (default true: a whole-value comparison should not care where the match starts), `distance`
 * (default 100, used only when `ignore_location` is false). Comparison is case-sensitive, like
 * every other metric; normalize first.
 */
import Fuse from 'fuse.js';
import { checkKnownOptions, readBoolean, readNumber } from '../normalizers/options';
import type { MetricDefinition } from './metric';

export interface FuzzyOptions {
  readonly threshold: number;
  readonly ignoreLocation: boolean;
  readonly distance: number;
}

export function createFuzzySimilarity(options: FuzzyOptions): (a: string, b: string) => number {
  const fuseOptions = {
    isCaseSensitive: true,
    threshold: options.threshold,
    ignoreLocation: options.ignoreLocation,
    distance: options.distance,
    location: 0,
  };
  return (a, b) => {
    if (a === b) return 1;
    if (a.length === 0 || b.length === 0) return 0;
    // The shorter value is the pattern, so the score does not depend on argument order.
    const result = a.length <= b.length ? Fuse.match(a, b, fuseOptions) : Fuse.match(b, a, fuseOptions);
    return result.isMatch ? 1 - result.score : 0;
  };
}

export const fuzzy: MetricDefinition = {
  name: 'fuzzy',
  kind: 'similarity',
  description: 'Fuse.js Bitap similarity (1 − Fuse score); slower than jaro_winkler; substring semantics.',
  create(options) {
    const owner = 'fuzzy';
    checkKnownOptions(owner, options, ['threshold', 'ignore_location', 'distance']);
    return createFuzzySimilarity({
      threshold: readNumber(owner, options, 'threshold', 0.6, { min: 0, max: 1 }),
      ignoreLocation: readBoolean(owner, options, 'ignore_location', true),
      distance: readNumber(owner, options, 'distance', 100, { min: 0, integer: true }),
    });
  },
};
