/**
 * null_if: maps placeholder values ("N/A", "unknown", "-", ...) to null so that comparisons fall
 * into their null level instead of matching two records that both say "unknown".
 *
 * Comparison is case-insensitive and ignores surrounding white space; a blank value is always
 * null. Other values pass through unchanged (this normalizer does not trim them).
 * Option `values` (string[]) replaces the default placeholder list.
 */
import type { NormalizerDefinition } from './normalizer';
import { checkKnownOptions, readStringArray } from './options';

export const DEFAULT_NULL_VALUES: readonly string[] = [
  'n/a',
  'n.a.',
  '-',
  '--',
  '?',
  'none',
  'null',
  'nil',
  'unknown',
  'undefined',
  'not available',
  'not applicable',
  'tbd',
  '#n/a',
];

export const nullIf: NormalizerDefinition = {
  name: 'null_if',
  description: 'Returns null for blank values and placeholders such as "N/A" (option `values`).',
  create(options) {
    checkKnownOptions('null_if', options, ['values']);
    const placeholders = new Set(
      readStringArray('null_if', options, 'values', DEFAULT_NULL_VALUES).map((v) => v.trim().toLowerCase()),
    );
    return (value) => {
      const key = value.trim();
      if (key.length === 0) return null;
      return placeholders.has(key.toLowerCase()) ? null : value;
    };
  },
};
