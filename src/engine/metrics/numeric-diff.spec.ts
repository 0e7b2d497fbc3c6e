import { numericDiff } from './numeric-diff';

describe('numeric_diff', () => {
  const compare = numericDiff.create({});

  it.each([
    ['10', '7.5', 2.5],
    ['7.5', '10', 2.5],
    ['-3', '3', 6],
    ['1e3', '1000', 0],
    ['0.1', '0.3', 0.2],
    ['.5', '0.5', 0],
    ['1980', '1980', 0],
    ['abc', '1', NaN],
    ['', '0', NaN], // Number('') would be 0
    [' ', '0', NaN],
    ['0x10', '16', NaN],
    ['Infinity', '1', NaN],
    ['1,000', '1000', NaN], // normalize with `number` first
    ['9'.repeat(400), '1', NaN], // overflows to Infinity
  ])('%j vs %j → %d', (a, b, expected) => {
    if (Number.isNaN(expected)) expect(compare(a, b)).toBeNaN();
    else expect(compare(a, b)).toBeCloseTo(expected, 10);
  });
});
