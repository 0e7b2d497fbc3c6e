import { exact } from './exact';

describe('exact', () => {
  const compare = exact.create({});

  it.each([
    ['john', 'john', 1],
    ['john', 'John', 0],
    ['', '', 1],
    ['', 'a', 0],
    ['café', 'cafe\u0301', 0], // different code units; normalize first
    ['x'.repeat(10_000), 'x'.repeat(10_000), 1],
  ])('%j vs %j → %d', (a, b, expected) => {
    expect(compare(a, b)).toBe(expected);
  });
});
