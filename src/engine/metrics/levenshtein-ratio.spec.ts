import { levenshteinRatioMetric } from './levenshtein-ratio';

describe('levenshtein_ratio', () => {
  const compare = levenshteinRatioMetric.create({});

  it.each([
    ['kitten', 'sitting', 1 - 3 / 7],
    ['john', 'john', 1],
    ['john', 'jon', 0.75],
    ['abc', 'xyz', 0],
    ['', '', 1],
    ['', 'abc', 0],
    ['zoë', 'zoe', 2 / 3],
    ['a'.repeat(100), 'a'.repeat(99) + 'b', 0.99],
  ])('%j vs %j → %d', (a, b, expected) => {
    expect(compare(a, b)).toBeCloseTo(expected, 10);
  });
});
