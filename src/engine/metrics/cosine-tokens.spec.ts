import { cosineTokens } from './cosine-tokens';

describe('cosine_tokens', () => {
  it.each([
    [{}, 'a a b', 'a b b', 0.8],
    [{}, 'a b', 'b a', 1],
    [{}, 'a b c', 'a', 1 / Math.sqrt(3)],
    [{}, 'a a a', 'a', 1],
    [{}, 'abc', 'xyz', 0],
    [{}, '', '', 1],
    [{}, '', 'a', 0],
    [{}, 'café crème', 'crème café', 1],
    [{ qgram: 2 }, 'aaa', 'aa', 1],
    [{ qgram: 2 }, 'abab', 'ab', 2 / Math.sqrt(5)],
    [{}, 'w '.repeat(1000), 'w', 1],
  ])('%j: %j vs %j → %d', (options, a, b, expected) => {
    expect(cosineTokens.create(options)(a, b)).toBeCloseTo(expected, 10);
  });
});
