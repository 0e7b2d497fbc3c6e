/**
 * Presets: a matcher file that says `preset: schema-agnostic` instead of listing attributes, blocking
 * and comparisons, so an entity type links reasonably before anyone has written a config for it.
 *
 * `schema-agnostic` follows JedAI's schema-agnostic defaults (Papadakis et al., "JedAI 3", 2020):
 * every value of every field goes into one bag of words; candidates share a token (token blocking),
 * with the skew guard dropping tokens shared by too many records (JedAI's block purging); pairs are
 * scored by IDF-weighted cosine over the words and over character 3-grams of the whole record, plus
 * the codes and numbers found anywhere in it (model_numbers). Corpus statistics give the IDF; a
 * matcher compiled without them weighs every token 1.
 *
 * A preset file may also set `description`, `fields` (the raw fields to read; default every field),
 * `thresholds`, `prior`, `clustering`, `survivorship` and `max_block_size`; the expansion is an
 * ordinary config, so `train` can train it (its weights file names the preset's comparisons).
 */
import type { RawComparison, RawLevel, RawMatcherConfig } from './matcher-config.raw';
import { CLUSTERING_DEFAULTS } from './matcher-config.types';
import { MATCHER_CONFIG_SCHEMA } from './matcher-config.schema';

export const PRESET_NAMES = ['schema-agnostic'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface RawPresetFile {
  preset: PresetName;
  description?: string;
  fields?: string[];
  max_block_size?: number;
  thresholds?: RawMatcherConfig['thresholds'];
  prior?: number;
  clustering?: RawMatcherConfig['clustering'];
  survivorship?: RawMatcherConfig['survivorship'];
}

const { properties } = MATCHER_CONFIG_SCHEMA;
export const PRESET_SCHEMA = {
  type: 'object',
  required: ['preset'],
  additionalProperties: false,
  properties: {
    preset: { enum: PRESET_NAMES },
    description: properties.description,
    fields: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    max_block_size: { type: 'integer', minimum: 2 },
    thresholds: properties.thresholds,
    prior: properties.prior,
    clustering: properties.clustering,
    survivorship: properties.survivorship,
  },
} as const;

/** The source that reads every top-level field of a record (prepare.ts). */
export const ALL_FIELDS = '*';

/**
 * The service's default chaining guards (docs/resolution.md), written out so that a reader of the
 * expansion or of a `suggest` config sees them. Measured on all three bench sets; stricter ones
 * (50 records, a share of 0.5) cost Amazon–Google served F1 and gained nothing on FEBRL
 * (docs/benchmarks.md, "Served: the untouched suggest configs").
 */
export const WRITTEN_GUARDS = {
  max_cluster_size: CLUSTERING_DEFAULTS.maxClusterSize,
  min_link_share: CLUSTERING_DEFAULTS.minLinkShare,
  max_disagreement: CLUSTERING_DEFAULTS.maxDisagreement,
} as const;

/** TF-IDF cosine over all_text: one level per `[threshold, m, u]` row, then `else` with `rest` = [m, u]. */
const textComparison = (
  name: string,
  rows: Array<[number, number, number]>,
  rest: [number, number],
  options?: Record<string, unknown>,
): RawComparison => ({
  name,
  attribute: 'all_text',
  levels: [
    { kind: 'null' },
    ...rows.map(([threshold, m, u]): RawLevel => ({
      kind: 'metric',
      metric: 'tfidf_cosine',
      threshold,
      m,
      u,
      ...(options && { options }),
    })),
    { kind: 'else', m: rest[0], u: rest[1] },
  ],
});

export function expandPreset(file: RawPresetFile): RawMatcherConfig {
  const source = file.fields ?? ALL_FIELDS;
  return {
    description: file.description ?? 'schema-agnostic preset: every field as one bag of words',
    attributes: {
      all_text: { source, normalizers: [{ tokens: {} }] },
      all_codes: { source, normalizers: ['model_numbers'] },
    },
    blocking: {
      max_block_size: file.max_block_size ?? 100,
      rules: [{ name: 'tokens', keys: ['token(all_text, min_length=2, stopwords=english)'] }],
    },
    // Round, data-free m/u (train them: `joinery train <entityType>`): a share of matches and of
    // random pairs per band of similarity, most matches above 0.6, most random pairs below 0.15.
    comparisons: [
      textComparison(
        'words',
        [
          [0.8, 0.35, 0.0002],
          [0.6, 0.3, 0.001],
          [0.45, 0.15, 0.005],
          [0.3, 0.1, 0.02],
          [0.15, 0.05, 0.1],
        ],
        [0.05, 0.8738],
      ),
      textComparison(
        'grams',
        [
          [0.9, 0.25, 0.0001],
          [0.75, 0.3, 0.0005],
          [0.6, 0.2, 0.003],
          [0.45, 0.12, 0.02],
          [0.3, 0.06, 0.1],
        ],
        [0.07, 0.8764],
        { qgram: 3 },
      ),
      {
        name: 'codes',
        attribute: 'all_codes',
        levels: [
          { kind: 'null' },
          { kind: 'exact', m: 0.4, u: 0.001 },
          { kind: 'metric', metric: 'overlap', threshold: 0.5, m: 0.4, u: 0.05 },
          { kind: 'else', m: 0.2, u: 0.949 },
        ],
      },
    ],
    thresholds: file.thresholds ?? { match: 0.9, review: 0.5 },
    prior: file.prior ?? 0.0001,
    ...(file.survivorship && { survivorship: file.survivorship }),
    clustering: file.clustering ?? { ...WRITTEN_GUARDS },
  };
}

export const isPresetFile = (value: unknown): value is { preset: unknown } =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && 'preset' in value;
