/**
 * Record preparation: raw source attributes → one normalized string (or null) per config attribute.
 * The result is plain JSON, so the service stores it once and loads it for every later comparison.
 */
import type { AttributeConfig } from '../config/matcher-config.types';
import type { Normalizer } from '../normalizers/normalizer';
import type { EngineRegistry } from '../registry';

/** attribute name → normalized value; null when missing or normalized away. JSON-serializable. */
export type PreparedRecord = Readonly<Record<string, string | null>>;

/** `*` reads every top-level field (joined in record order): the schema-agnostic preset's source. */
function readField(attributes: Record<string, unknown>, field: string): unknown {
  if (field === '*' && !Object.hasOwn(attributes, '*')) return Object.values(attributes);
  // Own properties only: a source field named like an Object.prototype member is just a name.
  if (Object.hasOwn(attributes, field)) return attributes[field];
  if (!field.includes('.')) return undefined;
  let value: unknown = attributes;
  for (const segment of field.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    if (!Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint')
    return Number.isNaN(value) ? null : String(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (Array.isArray(value)) {
    const parts = value.map(toText).filter((part): part is string => part !== null && part !== '');
    return parts.length > 0 ? parts.join(' ') : null;
  }
  return null;
}

function compose(attribute: AttributeConfig, registry: EngineRegistry): Normalizer {
  const steps = attribute.normalizers.map((spec) => {
    const definition = registry.normalizers.get(spec.name);
    if (!definition) throw new Error(`unknown normalizer "${spec.name}"`);
    return definition.create(spec.options);
  });
  return (value) => {
    let current: string | null = value;
    for (const step of steps) {
      if (current === null) return null;
      current = step(current);
    }
    return current;
  };
}

export type Preparer = (attributes: Record<string, unknown>) => PreparedRecord;

export function compilePreparer(
  attributes: ReadonlyMap<string, AttributeConfig>,
  registry: EngineRegistry,
): Preparer {
  const steps = [...attributes.values()].map((attribute) => ({
    name: attribute.name,
    source: attribute.source,
    normalize: compose(attribute, registry),
  }));
  return (raw) => {
    const prepared: Record<string, string | null> = {};
    for (const { name, source, normalize } of steps) {
      let text: string | null = null;
      for (const field of source) {
        const value = toText(readField(raw, field));
        if (value === null || value.trim() === '') continue;
        text = text === null ? value : `${text} ${value}`;
      }
      const normalized = text === null ? null : normalize(text);
      prepared[name] = normalized === '' ? null : normalized;
    }
    return prepared;
  };
}
