import { tokenSetRatioMetric } from './token-set-ratio';

describe('token_set_ratio', () => {
  const compare = tokenSetRatioMetric.create({});

  it.each([
    ['fuzzy was a bear', 'fuzzy fuzzy was a bear', 1],
    ['acme', 'acme holdings', 1], // a subset scores 1
    ['john smith', 'smith john', 1],
    // I = "angels mariners"; best pair (I, I+" vs"): 2·15/(15+18)
    ['mariners vs angels', 'los angeles angels of anaheim at seattle mariners', 30 / 33],
    ['abc', 'xyz', 0],
    ['abc def', 'abd deg', (2 * 5) / 14],
    ['', '', 1],
    ['', 'a', 0], // no common token, one side empty
    ['a', 'b', 0],
    ['x y z '.repeat(100), 'z y x', 1],
  ])('%j vs %j → %d', (a, b, expected) => {
    expect(compare(a, b)).toBeCloseTo(expected, 10);
  });
});
