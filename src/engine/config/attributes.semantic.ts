/** Semantic checks and normalization of `attributes` and `blocking`. */
import { parseKeyPart, type RawKeyPart } from '../blocking/key-part.parse';
import { ENGLISH_STOPWORDS } from '../normalizers/stopwords';
import type { EngineRegistry } from '../registry';
import type { IssueList } from './matcher-config.error';
import type { RawMatcherConfig, RawNormalizerSpec } from './matcher-config.raw';
import type {
  AttributeConfig,
  BlockingConfig,
  BlockingKeyPart,
  BlockingRuleConfig,
  NormalizerSpec,
} from './matcher-config.types';

export const DEFAULT_MAX_BLOCK_SIZE = 1000;
const KEYED_METHODS = new Set(['exact', 'prefix', 'suffix', 'sorted_tokens', 'token', 'qgram']);
const LENGTH_METHODS = new Set(['prefix', 'suffix', 'qgram']);

export function toNormalizerSpec(raw: RawNormalizerSpec): NormalizerSpec {
  if (typeof raw === 'string') return { name: raw, options: {} };
  const [name, options] = Object.entries(raw)[0];
  return { name, options: options ?? {} };
}

export function buildAttributes(
  raw: RawMatcherConfig['attributes'],
  issues: IssueList,
  registry: EngineRegistry,
): Map<string, AttributeConfig> {
  const attributes = new Map<string, AttributeConfig>();
  for (const [name, attribute] of Object.entries(raw)) {
    const at = issues.at(`attributes.${name}`);
    const normalizers = (attribute.normalizers ?? []).map(toNormalizerSpec);
    normalizers.forEach((spec, i) => {
      const definition = registry.normalizers.get(spec.name);
      if (!definition) {
        at.add(
          `normalizers[${i}]`,
          `unknown normalizer "${spec.name}"; known: ${[...registry.normalizers.keys()].join(', ')}`,
        );
        return;
      }
      try {
        definition.create(spec.options);
      } catch (error) {
        at.add(`normalizers[${i}]`, (error as Error).message);
      }
    });
    const source = attribute.source === undefined ? [name] : [attribute.source].flat();
    attributes.set(name, {
      name,
      source,
      normalizers,
      pii: attribute.pii ?? false,
      ...(attribute.description !== undefined && { description: attribute.description }),
    });
  }
  return attributes;
}

export function buildBlocking(
  raw: RawMatcherConfig['blocking'],
  attributes: ReadonlyMap<string, AttributeConfig>,
  issues: IssueList,
  registry: EngineRegistry,
): BlockingConfig {
  const maxBlockSize = raw.max_block_size ?? DEFAULT_MAX_BLOCK_SIZE;
  const seen = new Set<string>();
  const rules: BlockingRuleConfig[] = raw.rules.map((rule, r) => {
    const at = issues.at(`blocking.rules[${r}]`);
    if (seen.has(rule.name)) at.add('name', `duplicate blocking rule name "${rule.name}"`);
    seen.add(rule.name);
    const parts = rule.keys.flatMap((key, k) => {
      const part = checkKeyPart(key, attributes, at.at(`keys[${k}]`), registry);
      return part ? [part] : [];
    });
    return { name: rule.name, parts, maxBlockSize: rule.max_block_size ?? maxBlockSize };
  });
  return { maxBlockSize, rules };
}

function checkKeyPart(
  key: string | RawKeyPart,
  attributes: ReadonlyMap<string, AttributeConfig>,
  at: IssueList,
  registry: EngineRegistry,
): BlockingKeyPart | undefined {
  const part = typeof key === 'string' ? parseKeyPart(key) : key;
  if (typeof part === 'string') {
    at.add('', part);
    return undefined;
  }
  const before = at.count;
  const { method, attribute } = part;
  if (!KEYED_METHODS.has(method) && !registry.phonetic.has(method)) {
    const known = [...KEYED_METHODS, ...registry.phonetic.keys()].join(', ');
    at.add('', `unknown blocking method "${method}"; known: ${known}`);
  }
  if (!attributes.has(attribute)) at.add('', `unknown attribute "${attribute}"`);
  if (LENGTH_METHODS.has(method) && part.length === undefined) {
    at.add('', `${method} needs a length, e.g. ${method}(${attribute}, 3)`);
  }
  if (!LENGTH_METHODS.has(method) && part.length !== undefined) {
    at.add('', `length only applies to prefix, suffix and qgram, not ${method}`);
  }
  if (part.min_length !== undefined && method !== 'token' && method !== 'qgram') {
    at.add('', `min_length only applies to token and qgram, not ${method}`);
  }
  if (part.stopwords !== undefined && method !== 'token') {
    at.add('', `stopwords only apply to token, not ${method}`);
  }
  if (at.count > before) return undefined;
  const stopwords = part.stopwords?.flatMap((word) => (word === 'english' ? [...ENGLISH_STOPWORDS] : [word]));
  return {
    method,
    attribute,
    ...(part.length !== undefined && { length: part.length }),
    ...(part.min_length !== undefined && { minLength: part.min_length }),
    ...(stopwords !== undefined && { stopwords }),
  };
}
