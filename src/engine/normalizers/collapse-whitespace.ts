/**
 * collapse_whitespace: every run of white space (ECMAScript `\s`: Unicode White_Space plus line
 * terminators) becomes one ASCII space, and the ends are trimmed. Tokenizing metrics split on a
 * single space, so this keeps "John  Smith" and "John\tSmith" equal.
 */
import type { NormalizerDefinition } from './normalizer';
import { checkKnownOptions } from './options';
import { emptyToNull } from './text';

const WHITESPACE_RUN = /\s+/g;

export const collapseWhitespace: NormalizerDefinition = {
  name: 'collapse_whitespace',
  description: 'Replaces runs of white space with one space and trims the ends.',
  create(options) {
    checkKnownOptions('collapse_whitespace', options, []);
    return (value) => emptyToNull(value.replace(WHITESPACE_RUN, ' ').trim());
  },
};
