import { collapseWhitespace } from './collapse-whitespace';

describe('collapse_whitespace', () => {
  const normalize = collapseWhitespace.create({});

  it.each([
    ['John   Smith', 'John Smith'],
    ['  John \t\n Smith  ', 'John Smith'],
    ['a\u00a0\u2003b', 'a b'],
    ['one', 'one'],
    ['', null],
    [' \t\r\n ', null],
    [Array(1000).fill('w').join('   '), Array(1000).fill('w').join(' ')],
  ])('%j → %j', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });
});
