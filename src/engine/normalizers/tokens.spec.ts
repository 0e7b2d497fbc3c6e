import { tokens } from './tokens';

describe('tokens', () => {
  it.each([
    [{}, 'The Quick-Brown fox, jumps!', 'the quick brown fox jumps'],
    [{}, '  Café   Müller & Söhne ', 'cafe muller sohne'],
    [{}, 'a a b a', 'a a b a'], // order and duplicates kept
    [{}, 'R2-D2 C3PO', 'r2 d2 c3po'],
    [{}, 'Москва, Россия', 'москва россия'],
    [{}, '東京 タワー', '東京 タワー'],
    [{}, '...', null],
    [{}, '', null],
    [{ stopwords: true }, 'The Bank of America', 'bank america'],
    [{ stopwords: true }, 'the of and', null],
    [{ min_length: 3 }, 'a bc def ghij', 'def ghij'],
    [{ min_length: 2, stopwords: true }, 'Q and A of the Day', 'day'],
    [{}, 'Word '.repeat(3000), Array(3000).fill('word').join(' ')],
  ])('%j: %j → %j', (options, input, expected) => {
    expect(tokens.create(options)(input)).toBe(expected);
  });

  it.each([[{ min_length: 0 }], [{ min_length: 1.5 }], [{ stopwords: 'en' }], [{ sort: true }]])(
    'rejects %j',
    (options) => {
      expect(() => tokens.create(options)).toThrow(/^tokens: /);
    },
  );
});
