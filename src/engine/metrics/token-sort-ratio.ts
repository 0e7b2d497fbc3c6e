/**
 * token_sort_ratio: fuzzywuzzy's `fuzz.token_sort_ratio` (SeatGeek, "Fuzzy string matching in
 * Python", 2011): sort the white-space tokens, rejoin them with single spaces and take the InDel
 * `ratio` (ratio.ts). Word order stops mattering: "smith john" = "john smith". Returns [0, 1]
 * (fuzzywuzzy's score / 100, unrounded). Inputs are expected normalized (lowercased, punctuation
 * removed), which is what fuzzywuzzy's `full_process` does inline.
 */
import { checkKnownOptions } from '../normalizers/options';
import { indelRatio } from './ratio';
import type { MetricDefinition } from './metric';
import { splitWhitespace } from './tokenize';

export function sortTokens(s: string): string {
  return splitWhitespace(s).sort().join(' ');
}

export function tokenSortRatio(a: string, b: string): number {
  return a === b ? 1 : indelRatio(sortTokens(a), sortTokens(b));
}

export const tokenSortRatioMetric: MetricDefinition = {
  name: 'token_sort_ratio',
  kind: 'similarity',
  description: 'fuzzywuzzy token_sort_ratio in [0, 1]: ratio of the sorted tokens.',
  create(options) {
    checkKnownOptions('token_sort_ratio', options, []);
    return tokenSortRatio;
  },
};
