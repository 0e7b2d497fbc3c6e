/**
 * Blocking key generation (standard blocking, Christen 2012 "Data Matching", ch. 4; Splink's
 * blocking rules). A rule is a list of key parts; each part maps a prepared value to zero or more
 * strings and a rule's keys are the cross-product, prefixed with the rule name:
 * `surname_dob:SMT|1980`. Two records are candidates when they share any key.
 */
import type { BlockingConfig, BlockingKeyPart } from '../config/matcher-config.types';
import type { PreparedRecord } from '../matcher/prepare';
import { splitWhitespace } from '../metrics/tokenize';
import type { EngineRegistry } from '../registry';

/** A rule whose parts produce more combinations than this keeps only the first ones. */
export const MAX_KEYS_PER_RULE = 256;

type PartFn = (value: string) => string[];

const unique = (values: string[]): string[] => [...new Set(values)].filter((value) => value.length > 0);

function qgrams(value: string, q: number): string[] {
  if (value.length <= q) return [value];
  const grams: string[] = [];
  for (let i = 0; i + q <= value.length; i++) grams.push(value.slice(i, i + q));
  return unique(grams);
}

function compilePart(part: BlockingKeyPart, registry: EngineRegistry): PartFn {
  const length = part.length ?? 1;
  const minLength = part.minLength ?? 1;
  switch (part.method) {
    case 'exact':
      return (value) => [value];
    case 'prefix':
      return (value) => [value.slice(0, length)];
    case 'suffix':
      return (value) => [value.slice(-length)];
    case 'sorted_tokens':
      return (value) => [splitWhitespace(value).sort().join(' ')];
    case 'token': {
      const stopwords = new Set(part.stopwords ?? []);
      return (value) =>
        unique(splitWhitespace(value).filter((token) => token.length >= minLength && !stopwords.has(token)));
    }
    case 'qgram':
      return (value) => (value.length >= minLength ? qgrams(value, length) : []);
    default: {
      const encode = registry.phonetic.get(part.method);
      if (!encode) throw new Error(`unknown blocking method "${part.method}"`);
      return (value) => unique(encode(value));
    }
  }
}

/** `|` separates parts and `\` escapes, so a value holding either cannot fake another key. */
const escapeValue = (value: string): string => value.replace(/[\\|]/g, (ch) => `\\${ch}`);

export interface CompiledBlocking {
  /** Every key of every rule, deduplicated. */
  keys(record: PreparedRecord): string[];
  /** The block-size cap of the rule a key belongs to. */
  maxBlockSize(key: string): number;
  /** The rule a key belongs to. */
  ruleOf(key: string): string;
}

export function compileBlocking(config: BlockingConfig, registry: EngineRegistry): CompiledBlocking {
  const rules = config.rules.map((rule) => ({
    name: rule.name,
    parts: rule.parts.map((part) => ({ attribute: part.attribute, fn: compilePart(part, registry) })),
  }));
  const caps = new Map(config.rules.map((rule) => [rule.name, rule.maxBlockSize]));
  const ruleOf = (key: string) => key.slice(0, key.indexOf(':'));
  return {
    keys(record) {
      const keys: string[] = [];
      for (const rule of rules) {
        let combos: string[] | undefined;
        for (const part of rule.parts) {
          const value = record[part.attribute];
          const values = value === null || value === undefined ? [] : part.fn(value).map(escapeValue);
          combos =
            combos === undefined ? values : combos.flatMap((prefix) => values.map((v) => `${prefix}|${v}`));
          if (combos.length > MAX_KEYS_PER_RULE) combos = combos.slice(0, MAX_KEYS_PER_RULE);
          if (combos.length === 0) break;
        }
        for (const combo of combos ?? []) keys.push(`${rule.name}:${combo}`);
      }
      return [...new Set(keys)];
    },
    maxBlockSize: (key) => caps.get(ruleOf(key)) ?? config.maxBlockSize,
    ruleOf,
  };
}
