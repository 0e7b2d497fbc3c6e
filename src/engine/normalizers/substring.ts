/**
 * substring: a slice of the value, counted in Unicode code points so a slice never splits a
 * surrogate pair (an emoji or a rare CJK character). Typical use: the first letter of a surname
 * as a blocking key (`start: 0, length: 1`), or the first 3 digits of a postal code.
 *
 * Options: `start` (integer, default 0; negative counts from the end, like `String.prototype.slice`),
 * `length` (integer ≥ 0, default: to the end). An empty slice is null.
 */
import type { NormalizerDefinition } from './normalizer';
import { checkKnownOptions, readNumber, readOptionalNumber } from './options';
import { emptyToNull } from './text';

const SURROGATE = /[\uD800-\uDFFF]/;

export const substring: NormalizerDefinition = {
  name: 'substring',
  description: 'Slice of the value in code points; options `start` (may be negative) and `length`.',
  create(options) {
    const owner = 'substring';
    checkKnownOptions(owner, options, ['start', 'length']);
    const start = readNumber(owner, options, 'start', 0, { integer: true });
    const length = readOptionalNumber(owner, options, 'length', { min: 0, integer: true });

    const slice = (n: number): [number, number] => {
      const from = start < 0 ? Math.max(0, n + start) : Math.min(start, n);
      return [from, length === undefined ? n : Math.min(n, from + length)];
    };
    return (value) => {
      if (!SURROGATE.test(value)) {
        const [from, to] = slice(value.length);
        return emptyToNull(value.slice(from, to));
      }
      const points = Array.from(value);
      const [from, to] = slice(points.length);
      return emptyToNull(points.slice(from, to).join(''));
    };
  },
};
