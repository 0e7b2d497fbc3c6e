/**
 * The metric registry. Similarity metrics return [0, 1] (levels use `>=`), distance metrics a
 * non-negative number (levels use `<=`), and distances return NaN when inputs cannot be compared.
 */
import { cosineTokens } from './cosine-tokens';
import { damerauLevenshtein } from './damerau-levenshtein';
import { dateDiffDays } from './date-diff-days';
import { exact } from './exact';
import { fuzzy } from './fuzzy';
import { jaccard } from './jaccard';
import { jaro } from './jaro';
import { jaroWinkler } from './jaro-winkler';
import { levenshtein } from './levenshtein';
import { levenshteinRatioMetric } from './levenshtein-ratio';
import { longestCommonSubstringRatioMetric } from './longest-common-substring-ratio';
import type { MetricDefinition } from './metric';
import { mongeElkan } from './monge-elkan';
import { numericDiff } from './numeric-diff';
import { overlap } from './overlap';
import { ratio } from './ratio';
import { relativeDiff } from './relative-diff';
import { softTfidf } from './soft-tfidf';
import { tfidfCosine } from './tfidf-cosine';
import { tfidfOverlap } from './tfidf-overlap';
import { tokenSetRatioMetric } from './token-set-ratio';
import { tokenSortRatioMetric } from './token-sort-ratio';

const ALL: readonly MetricDefinition[] = [
  exact,
  jaro,
  jaroWinkler,
  levenshtein,
  damerauLevenshtein,
  levenshteinRatioMetric,
  ratio,
  tokenSortRatioMetric,
  tokenSetRatioMetric,
  jaccard,
  overlap,
  cosineTokens,
  tfidfCosine,
  tfidfOverlap,
  softTfidf,
  mongeElkan,
  longestCommonSubstringRatioMetric,
  fuzzy,
  numericDiff,
  relativeDiff,
  dateDiffDays,
];

export const METRICS: ReadonlyMap<string, MetricDefinition> = new Map(ALL.map((m) => [m.name, m]));
