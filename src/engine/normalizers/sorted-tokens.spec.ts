import { sortedTokens } from './sorted-tokens';

describe('sorted_tokens', () => {
  it.each([
    [{}, 'Smith John', 'john smith'],
    [{}, 'John SMITH, john', 'john smith'],
    [{}, 'b a c a b', 'a b c'],
    [{}, 'Zoë Ångström', 'angstrom zoe'],
    [{}, '10 9 100', '10 100 9'], // code-unit order, not numeric
    [{}, 'one', 'one'],
    [{}, '', null],
    [{}, ' - ', null],
    [{ stopwords: true }, 'The Bank of the West', 'bank west'],
    [{ min_length: 2 }, 'x yy x zz yy', 'yy zz'],
    [{}, 'b a '.repeat(5000), 'a b'],
  ])('%j: %j → %j', (options, input, expected) => {
    expect(sortedTokens.create(options)(input)).toBe(expected);
  });
});
