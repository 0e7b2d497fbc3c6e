/**
 * trim: removes leading and trailing white space (ECMAScript `String.prototype.trim`, which covers
 * the Unicode White_Space set, including NBSP and the BOM). An all-blank value becomes null.
 */
import type { NormalizerDefinition } from './normalizer';
import { checkKnownOptions } from './options';
import { emptyToNull } from './text';

export const trim: NormalizerDefinition = {
  name: 'trim',
  description: 'Removes leading and trailing white space.',
  create(options) {
    checkKnownOptions('trim', options, []);
    return (value) => emptyToNull(value.trim());
  },
};
