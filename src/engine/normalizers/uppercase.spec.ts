import { uppercase } from './uppercase';

describe('uppercase', () => {
  const normalize = uppercase.create({});

  it.each([
    ['sw1a 1aa', 'SW1A 1AA'],
    ['straße', 'STRASSE'],
    ['émile', 'ÉMILE'],
    ['', null],
    ['z'.repeat(3000), 'Z'.repeat(3000)],
  ])('%j → %j', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });
});
