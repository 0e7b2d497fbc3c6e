/**
 * sorted_tokens: the `tokens` normalizer, then sorted (UTF-16 code unit order, locale-free so it is
 * stable across servers) and deduplicated. Word order and repetition stop mattering:
 * "Smith John" and "John SMITH, john" both become "john smith". Same options as `tokens`.
 */
import type { NormalizerDefinition } from './normalizer';
import { createTokenizer } from './tokens';

export const sortedTokens: NormalizerDefinition = {
  name: 'sorted_tokens',
  description: 'Like `tokens`, then sorted and deduplicated; same options.',
  create(options) {
    const tokenize = createTokenizer('sorted_tokens', options);
    return (value) => {
      const list = tokenize(value);
      if (list.length === 0) return null;
      list.sort();
      let out = list[0];
      for (let i = 1; i < list.length; i++) {
        if (list[i] !== list[i - 1]) out += ` ${list[i]}`;
      }
      return out;
    };
  },
};
