import { relativeDiff } from './relative-diff';

describe('relative_diff', () => {
  const compare = relativeDiff.create({});

  it.each([
    ['100', '90', 0.1],
    ['90', '100', 0.1],
    ['1000000', '1050000', 50000 / 1050000],
    ['0', '0', 0],
    ['0', '5', 1],
    ['-1', '1', 2],
    ['-100', '-90', 0.1],
    ['x', '1', NaN],
    ['', '', NaN],
    ['1', 'NaN', NaN],
  ])('%j vs %j → %d', (a, b, expected) => {
    if (Number.isNaN(expected)) expect(compare(a, b)).toBeNaN();
    else expect(compare(a, b)).toBeCloseTo(expected, 10);
  });
});
