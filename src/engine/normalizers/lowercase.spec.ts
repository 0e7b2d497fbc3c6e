import { lowercase } from './lowercase';

describe('lowercase', () => {
  const normalize = lowercase.create({});

  it.each([
    ['John SMITH', 'john smith'],
    ['ÉMILE ZOLA', 'émile zola'],
    ['İSTANBUL', 'i̇stanbul'], // locale-independent: dotted capital I keeps its dot as a mark
    ['ΣΟΦΊΑ', 'σοφία'],
    ['already lower', 'already lower'],
    ['123-ABC', '123-abc'],
    ['', null],
    ['A'.repeat(5000), 'a'.repeat(5000)],
  ])('%j → %j', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });
});
