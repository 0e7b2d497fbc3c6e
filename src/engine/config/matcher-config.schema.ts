/**
 * JSON schema (draft-07, checked with ajv) for the raw matcher YAML. It catches shape errors: unknown
 * keys, wrong types, out-of-range numbers. Cross-references (unknown attribute, normalizer or metric,
 * threshold order) are checked afterwards in matcher-config.semantic.ts, which sees the whole file.
 */
const probability = { type: 'number', exclusiveMinimum: 0, maximum: 1 };
const name = { type: 'string', pattern: '^[a-z][a-z0-9_]*$' };
const stringList = { type: 'array', items: { type: 'string' } };

const normalizerSpec = {
  oneOf: [
    { type: 'string' },
    {
      type: 'object',
      minProperties: 1,
      maxProperties: 1,
      additionalProperties: { type: ['object', 'null'] },
    },
  ],
};

const keyPart = {
  oneOf: [
    { type: 'string', minLength: 1 },
    {
      type: 'object',
      required: ['method', 'attribute'],
      additionalProperties: false,
      properties: {
        method: { type: 'string' },
        attribute: { type: 'string' },
        length: { type: 'integer', minimum: 1 },
        min_length: { type: 'integer', minimum: 1 },
        stopwords: stringList,
      },
    },
  ],
};

const level = {
  type: 'object',
  required: ['kind'],
  additionalProperties: false,
  properties: {
    kind: { enum: [null, 'null', 'exact', 'metric', 'else'] },
    label: { type: 'string' },
    attribute: { type: 'string' },
    attributes: { ...stringList, minItems: 1 },
    swapped: { type: 'boolean' },
    metric: { type: 'string' },
    options: { type: 'object' },
    threshold: { type: 'number' },
    m: probability,
    u: probability,
    term_frequency_adjustment: { type: 'boolean' },
    tf_floor: probability,
    tf_weight: { type: 'number', minimum: 0, maximum: 1 },
    veto: { type: 'boolean' },
  },
};

const survivorshipStrategy = {
  oneOf: [
    { enum: ['most_recent', 'most_frequent', 'longest', 'non_null_first'] },
    {
      type: 'object',
      required: ['strategy'],
      additionalProperties: false,
      properties: {
        strategy: { enum: ['source_priority', 'most_recent', 'most_frequent', 'longest', 'non_null_first'] },
        priority: { ...stringList, minItems: 1 },
      },
    },
  ],
};

const thresholdPair = {
  type: 'object',
  required: ['match', 'review'],
  additionalProperties: false,
  properties: { match: probability, review: probability },
};

export const MATCHER_CONFIG_SCHEMA = {
  $id: 'joinery/matcher-config',
  type: 'object',
  required: ['attributes', 'blocking', 'comparisons', 'thresholds'],
  additionalProperties: false,
  definitions: {
    condition: {
      type: 'object',
      minProperties: 1,
      additionalProperties: false,
      properties: {
        exact: { type: 'string' },
        different_non_null: { type: 'string' },
        either_null: { type: 'string' },
        both_null: { type: 'string' },
        metric: { type: 'string' },
        attribute: { type: 'string' },
        at_least: { type: 'number' },
        at_most: { type: 'number' },
        options: { type: 'object' },
        all: { type: 'array', minItems: 1, items: { $ref: '#/definitions/condition' } },
        any: { type: 'array', minItems: 1, items: { $ref: '#/definitions/condition' } },
        not: { $ref: '#/definitions/condition' },
      },
    },
  },
  properties: {
    version: { const: 1 },
    description: { type: 'string' },
    attributes: {
      type: 'object',
      minProperties: 1,
      propertyNames: name,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          source: { oneOf: [{ type: 'string' }, { ...stringList, minItems: 1 }] },
          normalizers: { type: 'array', items: normalizerSpec },
          pii: { type: 'boolean' },
          description: { type: 'string' },
        },
      },
    },
    blocking: {
      type: 'object',
      required: ['rules'],
      additionalProperties: false,
      properties: {
        max_block_size: { type: 'integer', minimum: 2 },
        rules: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['name', 'keys'],
            additionalProperties: false,
            properties: {
              name,
              keys: { type: 'array', minItems: 1, items: keyPart },
              max_block_size: { type: 'integer', minimum: 2 },
            },
          },
        },
      },
    },
    comparisons: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name', 'levels'],
        additionalProperties: false,
        properties: {
          name,
          attribute: { type: 'string' },
          attributes: { ...stringList, minItems: 1 },
          levels: { type: 'array', minItems: 2, items: level },
        },
      },
    },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'when', 'then'],
        additionalProperties: false,
        properties: {
          name,
          when: { $ref: '#/definitions/condition' },
          then: { enum: ['match', 'review', 'no-match'] },
        },
      },
    },
    thresholds: {
      type: 'object',
      required: ['match', 'review'],
      additionalProperties: false,
      properties: { match: probability, review: probability, confirmed: thresholdPair },
    },
    prior: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    survivorship: {
      type: 'object',
      additionalProperties: false,
      properties: {
        default: survivorshipStrategy,
        fields: { type: 'object', additionalProperties: survivorshipStrategy },
      },
    },
    clustering: {
      type: 'object',
      additionalProperties: false,
      properties: {
        max_cluster_size: { type: 'integer', minimum: 2 },
        one_per_domain: { type: 'boolean' },
        best_match_only: { type: 'boolean' },
        best_match_margin: { type: 'number', minimum: 0 },
        best_match_rounds: { type: 'integer', minimum: 1, maximum: 2 },
        min_link_share: { type: 'number', minimum: 0, maximum: 1 },
        max_disagreement: { type: 'number', minimum: 0, maximum: 1 },
      },
    },
    linkage: { enum: ['dedupe', 'across_domains'] },
  },
} as const;
