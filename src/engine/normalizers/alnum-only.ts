/**
 * alnum_only: keeps letters and digits of any script (Unicode General Categories L and N, plus
 * the combining marks M attached to them) and drops spaces, punctuation and symbols; case is left
 * alone (compose with lowercase/uppercase).
 * Any script, not just ASCII, so "Zürich-Süd" gives "ZürichSüd" rather than losing its letters.
 */
import type { NormalizerDefinition } from './normalizer';
import { checkKnownOptions } from './options';
import { emptyToNull } from './text';

const NOT_ALNUM = /[^\p{L}\p{M}\p{N}]+/gu;

export const alnumOnly: NormalizerDefinition = {
  name: 'alnum_only',
  description: 'Keeps letters and digits (any script), drops everything else.',
  create(options) {
    checkKnownOptions('alnum_only', options, []);
    return (value) => emptyToNull(value.replace(NOT_ALNUM, ''));
  },
};
