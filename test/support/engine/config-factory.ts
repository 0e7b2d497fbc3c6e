/**
 * Test factory for matcher configs: a small valid person config as a plain object, which a test
 * edits and serializes, so each case states only what differs.
 */
import { stringify } from 'yaml';
import { parseMatcherConfig, type ParseOptions } from '../../../src/engine/config/matcher-config.loader';
import type { MatcherConfig } from '../../../src/engine/config/matcher-config.types';

export type RawConfig = Record<string, unknown> & {
  attributes: Record<string, Record<string, unknown>>;
  blocking: { max_block_size?: number; rules: Array<Record<string, unknown>> };
  comparisons: Array<{
    name: string;
    attribute?: string;
    attributes?: string[];
    levels: Array<Record<string, unknown>>;
  }>;
  thresholds: Record<string, unknown>;
};

export function rawPersonConfig(): RawConfig {
  return {
    attributes: {
      first_name: { normalizers: ['person_name'] },
      last_name: { normalizers: ['person_name'] },
      dob: { normalizers: ['digits_only'] },
      city: { normalizers: [{ tokens: {} }] },
    },
    blocking: {
      max_block_size: 3,
      rules: [
        { name: 'dob', keys: ['exact(dob)'] },
        { name: 'name', keys: ['prefix(last_name, 2)', 'exact(first_name)'] },
      ],
    },
    comparisons: [
      {
        name: 'first_name',
        attribute: 'first_name',
        levels: [
          { kind: null },
          { kind: 'exact', m: 0.8, u: 0.01, term_frequency_adjustment: true },
          { kind: 'metric', metric: 'jaro_winkler', threshold: 0.9, m: 0.1, u: 0.04 },
          { kind: 'else', m: 0.1, u: 0.95 },
        ],
      },
      {
        name: 'last_name',
        attribute: 'last_name',
        levels: [{ kind: null }, { kind: 'exact', m: 0.9, u: 0.01 }, { kind: 'else', m: 0.1, u: 0.99 }],
      },
      {
        name: 'dob',
        attribute: 'dob',
        levels: [
          { kind: null },
          { kind: 'exact', m: 0.9, u: 0.001 },
          { kind: 'metric', metric: 'levenshtein', threshold: 1, m: 0.05, u: 0.01 },
          { kind: 'else', m: 0.05, u: 0.989 },
        ],
      },
    ],
    rules: [{ name: 'different_dob', when: { different_non_null: 'dob' }, then: 'no-match' }],
    thresholds: { match: 0.9, review: 0.5, confirmed: { match: 0.99, review: 0.5 } },
    prior: 0.01,
  };
}

export function personConfig(
  edit: (raw: RawConfig) => void = () => {},
  options: ParseOptions = {},
): MatcherConfig {
  const raw = rawPersonConfig();
  edit(raw);
  return parseMatcherConfig(stringify(raw), 'person.yaml', options);
}
