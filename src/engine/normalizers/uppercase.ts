/**
 * uppercase: Unicode default case mapping (`toUpperCase`, locale-independent). Codes such as
 * postal codes or SKUs are conventionally compared in upper case. Note that "ß" becomes "SS".
 */
import type { NormalizerDefinition } from './normalizer';
import { checkKnownOptions } from './options';
import { emptyToNull } from './text';

export const uppercase: NormalizerDefinition = {
  name: 'uppercase',
  description: 'Uppercases the value (Unicode default case mapping, locale-independent).',
  create(options) {
    checkKnownOptions('uppercase', options, []);
    return (value) => emptyToNull(value.toUpperCase());
  },
};
