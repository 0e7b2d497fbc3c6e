/**
 * The validated, normalized shape of a matcher config (`matchers/<entityType>.yaml`).
 *
 * The YAML is snake_case and accepts shorthands (`prefix(surname, 3)` for a blocking key part, a bare
 * normalizer name); the loader turns it into this camelCase form so the engine and the service never
 * re-parse. See docs/matchers.md for the file format.
 */
export type NormalizerSpec = { readonly name: string; readonly options: Record<string, unknown> };

export interface AttributeConfig {
  readonly name: string;
  /** Raw source fields joined with a space before normalizing; defaults to the attribute's own name. */
  readonly source: readonly string[];
  readonly normalizers: readonly NormalizerSpec[];
  readonly pii: boolean;
  readonly description?: string;
}

export type BlockingMethod =
  | 'exact'
  | 'prefix'
  | 'suffix'
  | 'sorted_tokens'
  | 'token'
  | 'qgram'
  /** Any encoder name of PHONETIC_ENCODERS (soundex, double_metaphone, nysiis). */
  | (string & {});

export interface BlockingKeyPart {
  readonly method: BlockingMethod;
  readonly attribute: string;
  /** prefix/suffix length, or q for qgram. */
  readonly length?: number;
  /** token/qgram: skip tokens shorter than this. */
  readonly minLength?: number;
  /** token: tokens to skip. */
  readonly stopwords?: readonly string[];
}

export interface BlockingRuleConfig {
  readonly name: string;
  readonly parts: readonly BlockingKeyPart[];
  /** Keys of this rule whose block holds more records are skipped (and counted), never scanned. */
  readonly maxBlockSize: number;
}

export interface BlockingConfig {
  readonly maxBlockSize: number;
  readonly rules: readonly BlockingRuleConfig[];
}

export type LevelKind = 'null' | 'exact' | 'metric' | 'else';

export interface LevelConfig {
  readonly kind: LevelKind;
  readonly label: string;
  /** Attributes this level compares; defaults to the comparison's attributes. */
  readonly attributes: readonly string[];
  /** Compare attribute i of one side with attribute (n-1-i) of the other (two swapped names). */
  readonly swapped: boolean;
  readonly metric?: string;
  readonly metricOptions?: Record<string, unknown>;
  readonly threshold?: number;
  /** P(level | match); undefined only for the null level or an untrained config. */
  readonly m?: number;
  /** P(level | non-match). */
  readonly u?: number;
  readonly termFrequencyAdjustment: boolean;
  /** Smallest u an exact match on a rare value can get from TF adjustment. */
  readonly tfFloor: number;
  /** 0..1: how much of the TF adjustment applies (Splink's tf_adjustment_weight). */
  readonly tfWeight: number;
  /** When this level fires, the pair is a non-match whatever the other comparisons say. */
  readonly veto: boolean;
}

export interface ComparisonConfig {
  readonly name: string;
  readonly attributes: readonly string[];
  readonly levels: readonly LevelConfig[];
}

export type Decision = 'match' | 'review' | 'no-match';

export type RuleCondition =
  | { readonly exact: string }
  | { readonly different_non_null: string }
  | { readonly either_null: string }
  | { readonly both_null: string }
  | {
      readonly metric: string;
      readonly attribute: string;
      readonly at_least?: number;
      readonly at_most?: number;
      readonly options?: Record<string, unknown>;
    }
  | { readonly all: readonly RuleCondition[] }
  | { readonly any: readonly RuleCondition[] }
  | { readonly not: RuleCondition };

export interface RuleConfig {
  readonly name: string;
  readonly when: RuleCondition;
  readonly then: Decision;
}

export interface ThresholdPair {
  /** Match probability at or above which a pair is a match. */
  readonly match: number;
  /** Match probability at or above which a pair goes to review. */
  readonly review: number;
}

export interface ThresholdsConfig extends ThresholdPair {
  /** Used instead when one side is steward-confirmed. */
  readonly confirmed?: ThresholdPair;
}

export type SurvivorshipStrategy =
  | { readonly strategy: 'source_priority'; readonly priority: readonly string[] }
  | { readonly strategy: 'most_recent' | 'most_frequent' | 'longest' | 'non_null_first' };

export interface SurvivorshipConfig {
  readonly default: SurvivorshipStrategy;
  readonly fields: Readonly<Record<string, SurvivorshipStrategy>>;
}

/** Defaults of the chaining guards (docs/resolution.md, "Guards against chaining"). */
export const CLUSTERING_DEFAULTS = { maxClusterSize: 100, minLinkShare: 0.2, maxDisagreement: 0.5 } as const;

export interface ClusteringConfig {
  /** A cluster never grows past this many records; the service sends the link to review instead. */
  readonly maxClusterSize: number;
  /** At most one record of each source domain in a cluster (1:1 between two domains). */
  readonly onePerDomain: boolean;
  /** A pair links only when it is (within `bestMatchMargin`) the best-scoring candidate of both records. */
  readonly bestMatchOnly: boolean;
  /** Match-weight bits a link may fall short of a record's best link and still count as best. Default 0. */
  readonly bestMatchMargin: number;
  /**
   * Rounds of best-match selection (1 or 2; only with `bestMatchOnly`). In round 2 the records left
   * without a kept link compete again among the links between such records (clustering/best-match.ts).
   */
  readonly bestMatchRounds: number;
  /**
   * Coherence guard against chaining: two groups join only when at least this share of the
   * smaller group's records has a match link into the other group (0 = one link is enough).
   */
  readonly minLinkShare: number;
  /**
   * Disagreement guard: two groups do not join when more than this share of the scored pairs
   * between them (a sample of each side's oldest members) are non-matches (1 = off).
   */
  readonly maxDisagreement: number;
}

/**
 * `dedupe`: any two records may match, within a source too. `across_domains`: records of one source
 * domain are never compared, linked or made to compete with each other.
 */
export type LinkageMode = 'dedupe' | 'across_domains';

export interface MatcherConfig {
  readonly entityType: string;
  readonly description?: string;
  readonly attributes: ReadonlyMap<string, AttributeConfig>;
  readonly blocking: BlockingConfig;
  readonly comparisons: readonly ComparisonConfig[];
  readonly rules: readonly RuleConfig[];
  readonly thresholds: ThresholdsConfig;
  /** λ: the probability that two random records match. */
  readonly prior?: number;
  readonly survivorship: SurvivorshipConfig;
  readonly clustering: ClusteringConfig;
  readonly linkage: LinkageMode;
  /** True when m/u/prior came (at least partly) from `<entityType>.weights.yaml`. */
  readonly trained: boolean;
}
