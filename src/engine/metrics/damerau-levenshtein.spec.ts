import { damerauLevenshtein, damerauLevenshteinDistance } from './damerau-levenshtein';
import { bruteForceDamerau, naiveOsa, randomPairs } from '../../../test/support/engine/metric-reference';

describe('damerau_levenshtein', () => {
  const osa = damerauLevenshtein.create({});
  const full = damerauLevenshtein.create({ variant: 'full' });

  it.each([
    ['ab', 'ba', 1, 1],
    ['abcdef', 'abdcef', 1, 1],
    ['ca', 'abc', 3, 2], // the case where OSA and true Damerau-Levenshtein differ
    ['kitten', 'sitting', 3, 3],
    ['jonh smith', 'john smiht', 2, 2],
    ['', '', 0, 0],
    ['', 'abc', 3, 3],
    ['abc', '', 3, 3],
    ['émile', 'mélie', 2, 2],
    ['a'.repeat(40) + 'xy', 'a'.repeat(40) + 'yx', 1, 1],
    ['xy' + 'c'.repeat(40) + 'z', 'yx' + 'c'.repeat(40) + 'q', 2, 2],
  ])('%j vs %j → osa %d, full %d', (a, b, expectedOsa, expectedFull) => {
    expect(osa(a, b)).toBe(expectedOsa);
    expect(full(a, b)).toBe(expectedFull);
  });

  it('osa agrees with the reference dynamic programme on random pairs (both paths)', () => {
    for (const [a, b] of randomPairs(11, 3000, 'abcd', 45)) {
      expect(damerauLevenshteinDistance(a, b, 'osa')).toBe(naiveOsa(a, b));
    }
  });

  it('full agrees with a brute-force search on small random pairs', () => {
    for (const [a, b] of randomPairs(5, 300, 'abc', 5)) {
      expect(damerauLevenshteinDistance(a, b, 'full')).toBe(bruteForceDamerau(a, b));
    }
  });

  it('full is never above osa and is symmetric', () => {
    for (const [a, b] of randomPairs(9, 1000, 'abc', 40)) {
      const d = damerauLevenshteinDistance(a, b, 'full');
      expect(d).toBeLessThanOrEqual(naiveOsa(a, b));
      expect(damerauLevenshteinDistance(b, a, 'full')).toBe(d);
    }
  });

  it('rejects an unknown variant', () => {
    expect(() => damerauLevenshtein.create({ variant: 'restricted' })).toThrow(
      'damerau_levenshtein: option "variant" must be one of osa, full',
    );
  });
});
