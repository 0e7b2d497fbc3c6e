import { overlap } from './overlap';

describe('overlap', () => {
  it.each([
    [{}, 'cs3', 'cs3 10 65015779', 1], // one side's codes contained in the other's
    [{}, '2003', '2007', 0], // codes on both sides, nothing in common: a conflict
    [{}, 'a b c', 'b c d', 2 / 3],
    [{}, 'a a b', 'a b b c', 1], // sets: duplicates count once
    [{}, '', '', 1],
    [{}, '', 'a', 0],
    [{ qgram: 2 }, 'abc', 'xabcx', 1],
  ])('%j: %j vs %j → %d', (options, a, b, expected) => {
    expect(overlap.create(options)(a, b)).toBeCloseTo(expected, 10);
  });

  it('is symmetric', () => {
    const compare = overlap.create({});
    expect(compare('a b c d', 'a x')).toBe(compare('a x', 'a b c d'));
  });

  it.each([[{ qgram: -1 }], [{ q: 2 }]])('rejects %j', (options) => {
    expect(() => overlap.create(options)).toThrow(/^overlap: /);
  });
});
