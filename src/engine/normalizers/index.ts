/**
 * The normalizer registry and `composeNormalizers`, which chains a config's normalizer list.
 *
 * Every normalizer maps an empty result to null, so a chain stops at the first null: later steps
 * never see garbage, and the comparison falls into its null level.
 */
import { alnumOnly } from './alnum-only';
import { collapseWhitespace } from './collapse-whitespace';
import { companyName } from './company-name';
import { date } from './date';
import { digitsOnly } from './digits-only';
import { email } from './email';
import { lowercase } from './lowercase';
import type { Normalizer, NormalizerDefinition, NormalizerOptions } from './normalizer';
import { nullIf } from './null-if';
import { number } from './number';
import { personName } from './person-name';
import { phone } from './phone';
import { postalCode } from './postal-code';
import { productCode } from './product-code';
import { regexReplace } from './regex-replace';
import { sortedTokens } from './sorted-tokens';
import { stripAccents } from './strip-accents';
import { stripPunctuation } from './strip-punctuation';
import { substring } from './substring';
import { tokens } from './tokens';
import { trim } from './trim';
import { uppercase } from './uppercase';

const ALL: readonly NormalizerDefinition[] = [
  trim,
  lowercase,
  uppercase,
  stripAccents,
  collapseWhitespace,
  stripPunctuation,
  nullIf,
  personName,
  companyName,
  email,
  phone,
  postalCode,
  date,
  number,
  productCode,
  tokens,
  sortedTokens,
  digitsOnly,
  alnumOnly,
  substring,
  regexReplace,
];

export const NORMALIZERS: ReadonlyMap<string, NormalizerDefinition> = new Map(ALL.map((n) => [n.name, n]));

export interface NormalizerSpec {
  readonly name: string;
  readonly options?: NormalizerOptions;
}

/**
 * Builds one normalizer that applies `specs` in order and returns null as soon as a step does.
 * Throws on an unknown name or a bad option (message prefixed with the step index).
 */
export function composeNormalizers(
  specs: readonly NormalizerSpec[],
  registry: ReadonlyMap<string, NormalizerDefinition> = NORMALIZERS,
): Normalizer {
  const steps = specs.map((spec, index): Normalizer => {
    const definition = registry.get(spec.name);
    if (definition === undefined) {
      const known = [...registry.keys()].sort().join(', ');
      throw new Error(`normalizer #${index + 1}: unknown normalizer "${spec.name}"; known: ${known}`);
    }
    try {
      return definition.create(spec.options ?? {});
    } catch (error) {
      throw new Error(`normalizer #${index + 1}: ${(error as Error).message}`);
    }
  });
  if (steps.length === 1) return steps[0];
  if (steps.length === 0) return (value) => (value.length === 0 ? null : value);
  return (value) => {
    let current: string | null = value;
    for (let i = 0; i < steps.length && current !== null; i++) current = steps[i](current);
    return current;
  };
}
