/**
 * lowercase: Unicode default case mapping (`toLowerCase`, locale-independent on purpose: a
 * Turkish-locale server must not turn "I" into dotless "ı" and split the blocking keys).
 */
import type { NormalizerDefinition } from './normalizer';
import { checkKnownOptions } from './options';
import { emptyToNull } from './text';

export const lowercase: NormalizerDefinition = {
  name: 'lowercase',
  description: 'Lowercases the value (Unicode default case mapping, locale-independent).',
  create(options) {
    checkKnownOptions('lowercase', options, []);
    return (value) => emptyToNull(value.toLowerCase());
  },
};
