import { jaccard } from './jaccard';

describe('jaccard', () => {
  it.each([
    [{}, 'a b c', 'b c d', 0.5],
    [{}, 'john smith', 'smith john', 1],
    [{}, 'a a b', 'a b', 1], // sets: duplicates count once
    [{}, 'acme', 'acme holdings', 0.5],
    [{}, 'abc', 'xyz', 0],
    [{}, '', '', 1],
    [{}, '', 'a', 0],
    [{}, ' ', '\t', 1], // both without tokens
    [{}, 'zoë müller', 'müller zoë', 1],
    [{ qgram: 2 }, 'night', 'nacht', 1 / 7],
    [{ qgram: 2 }, 'jon', 'john', 1 / 4],
    [{ qgram: 3 }, 'ab', 'ab', 1],
    [{ qgram: 3 }, 'ab', 'abc', 0], // "ab" is its own gram, "abc" has only "abc"
    [{ qgram: 1 }, 'abc', 'cab', 1],
    [{}, Array.from({ length: 500 }, (_, i) => `t${i}`).join(' '), 't0 t1', 2 / 500],
  ])('%j: %j vs %j → %d', (options, a, b, expected) => {
    expect(jaccard.create(options)(a, b)).toBeCloseTo(expected, 10);
  });

  it.each([[{ qgram: -1 }], [{ qgram: 2.5 }], [{ q: 2 }]])('rejects %j', (options) => {
    expect(() => jaccard.create(options)).toThrow(/^jaccard: /);
  });
});
