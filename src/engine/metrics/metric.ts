/**
 * Contract for comparison metrics.
 *
 * A metric compares two normalized, non-null strings. `similarity` metrics return a value in
 * [0, 1] where 1 means identical, and comparison levels use `>=` thresholds on them. `distance`
 * metrics return a non-negative number (edits, days, absolute or relative difference) and levels
 * use `<=` thresholds. A metric returns `NaN` when the inputs cannot be compared (for example a
 * date metric given a non-date); the comparison then falls to its `else` level.
 */
export type MetricKind = 'similarity' | 'distance';

export type MetricOptions = Record<string, unknown>;

export interface MetricDefinition {
  /** The name used in matcher YAML, for example `jaro_winkler`. */
  readonly name: string;
  readonly kind: MetricKind;
  readonly description: string;
  /** Builds the compare function once per comparison, so option parsing stays off the hot path. */
  create(options: MetricOptions): (a: string, b: string) => number;
}
