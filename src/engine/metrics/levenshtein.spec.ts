import { levenshtein, levenshteinDistance } from './levenshtein';
import { naiveLevenshtein, randomPairs } from '../../../test/support/engine/metric-reference';

describe('levenshtein', () => {
  const compare = levenshtein.create({});

  it.each([
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['saturday', 'sunday', 3],
    ['ab', 'ba', 2],
    ['abc', 'abc', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['', '', 0],
    ['café', 'cafe', 1],
    ['😀', '😃', 1], // UTF-16: the two emoji share their high surrogate
    ['a'.repeat(31) + 'x', 'a'.repeat(31) + 'y', 1],
    ['x' + 'ab'.repeat(20), 'y' + 'ba'.repeat(20), 3], // > 32 after trimming: DP path
    ['a'.repeat(1000), 'b'.repeat(1000), 1000],
  ])('%j vs %j → %d', (a, b, expected) => {
    expect(compare(a, b)).toBe(expected);
  });

  it('agrees with the textbook dynamic programme on random pairs (both paths)', () => {
    for (const [a, b] of randomPairs(42, 3000, 'abcd', 45)) {
      expect(levenshteinDistance(a, b)).toBe(naiveLevenshtein(a, b));
    }
  });

  it('agrees on pairs of exactly 32 and 33 code units', () => {
    for (const [a, b] of randomPairs(3, 500, 'ab', 33).filter(([x]) => x.length >= 32)) {
      expect(levenshteinDistance(a, b)).toBe(naiveLevenshtein(a, b));
    }
  });
});
