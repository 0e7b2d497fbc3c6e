/**
 * The YAML shape of a matcher config once it has passed the JSON schema: snake_case keys and the
 * shorthands the schema allows. matcher-config.semantic.ts turns it into `MatcherConfig`.
 */
import type { RawKeyPart } from '../blocking/key-part.parse';
import type { Decision, RuleCondition } from './matcher-config.types';

export type RawNormalizerSpec = string | Record<string, Record<string, unknown> | null>;

export interface RawAttribute {
  source?: string | string[];
  normalizers?: RawNormalizerSpec[];
  pii?: boolean;
  description?: string;
}

export interface RawLevel {
  kind: null | 'null' | 'exact' | 'metric' | 'else';
  label?: string;
  attribute?: string;
  attributes?: string[];
  swapped?: boolean;
  metric?: string;
  options?: Record<string, unknown>;
  threshold?: number;
  m?: number;
  u?: number;
  term_frequency_adjustment?: boolean;
  tf_floor?: number;
  tf_weight?: number;
  veto?: boolean;
}

export interface RawComparison {
  name: string;
  attribute?: string;
  attributes?: string[];
  levels: RawLevel[];
}

export type RawSurvivorship =
  | string
  | {
      strategy: 'source_priority' | 'most_recent' | 'most_frequent' | 'longest' | 'non_null_first';
      priority?: string[];
    };

export interface RawMatcherConfig {
  version?: 1;
  description?: string;
  attributes: Record<string, RawAttribute>;
  blocking: {
    max_block_size?: number;
    rules: Array<{ name: string; keys: Array<string | RawKeyPart>; max_block_size?: number }>;
  };
  comparisons: RawComparison[];
  rules?: Array<{ name: string; when: RuleCondition; then: Decision }>;
  thresholds: { match: number; review: number; confirmed?: { match: number; review: number } };
  prior?: number;
  survivorship?: { default?: RawSurvivorship; fields?: Record<string, RawSurvivorship> };
  clustering?: {
    max_cluster_size?: number;
    one_per_domain?: boolean;
    best_match_only?: boolean;
    best_match_margin?: number;
    best_match_rounds?: number;
    min_link_share?: number;
    max_disagreement?: number;
  };
  linkage?: 'dedupe' | 'across_domains';
}

/** `<entityType>.weights.yaml`, written by the EM trainer. Level entries align with the config's levels. */
export interface RawWeightsFile {
  entity_type: string;
  trained_at?: string;
  prior: number;
  iterations?: number;
  converged?: boolean;
  records?: number;
  comparisons: Record<string, Array<{ label?: string; m: number; u: number } | null>>;
}
