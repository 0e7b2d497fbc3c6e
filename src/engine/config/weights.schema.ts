/** JSON schema of `<entityType>.weights.yaml`, the file the EM trainer writes next to a config. */
const probability = { type: 'number', exclusiveMinimum: 0, maximum: 1 };

export const WEIGHTS_SCHEMA = {
  $id: 'joinery/matcher-weights',
  type: 'object',
  required: ['entity_type', 'prior', 'comparisons'],
  additionalProperties: false,
  properties: {
    entity_type: { type: 'string' },
    trained_at: { type: 'string' },
    prior: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    iterations: { type: 'integer', minimum: 0 },
    converged: { type: 'boolean' },
    records: { type: 'integer', minimum: 0 },
    comparisons: {
      type: 'object',
      additionalProperties: {
        type: 'array',
        items: {
          oneOf: [
            { type: 'null' },
            {
              type: 'object',
              required: ['m', 'u'],
              additionalProperties: false,
              properties: { label: { type: 'string' }, m: probability, u: probability },
            },
          ],
        },
      },
    },
  },
} as const;
