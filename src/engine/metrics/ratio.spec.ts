import { lcsLength, ratio } from './ratio';
import { naiveLcs, randomPairs } from '../../../test/support/engine/metric-reference';

describe('ratio', () => {
  const compare = ratio.create({});

  it.each([
    ['this is a test', 'this is a test!', 28 / 29], // fuzzywuzzy README: 97
    ['fuzzy wuzzy was a bear', 'wuzzy fuzzy was a bear', 40 / 44], // fuzzywuzzy README: 91
    ['abc', 'abc', 1],
    ['abc', 'xyz', 0],
    ['', '', 1],
    ['', 'a', 0],
    ['naïve', 'naive', 0.8],
    ['ab'.repeat(40), 'ba'.repeat(40), 158 / 160],
  ])('%j vs %j → %d', (a, b, expected) => {
    expect(compare(a, b)).toBeCloseTo(expected, 10);
  });

  it('LCS agrees with the textbook dynamic programme on random pairs (both paths)', () => {
    for (const [a, b] of randomPairs(17, 3000, 'abcd', 45)) {
      expect(lcsLength(a, b)).toBe(naiveLcs(a, b));
    }
  });
});
