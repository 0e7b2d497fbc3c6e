/**
 * digits_only: keeps the ASCII digits 0-9 and drops everything else ("(415) 555-2671" →
 * "4155552671"). Useful for identifiers whose formatting varies (tax ids, account numbers).
 * Other scripts' digits (Arabic-Indic, full-width) are dropped too; compose after strip_accents,
 * whose NFKD step turns full-width digits into ASCII ones.
 */
import type { NormalizerDefinition } from './normalizer';
import { checkKnownOptions } from './options';
import { emptyToNull } from './text';

const NOT_DIGIT = /[^0-9]/g;

export const digitsOnly: NormalizerDefinition = {
  name: 'digits_only',
  description: 'Keeps the ASCII digits 0-9 only.',
  create(options) {
    checkKnownOptions('digits_only', options, []);
    return (value) => emptyToNull(value.replace(NOT_DIGIT, ''));
  },
};
