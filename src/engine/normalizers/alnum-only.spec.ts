import { alnumOnly } from './alnum-only';

describe('alnum_only', () => {
  const normalize = alnumOnly.create({});

  it.each([
    ['WH-1000XM4', 'WH1000XM4'],
    ['Zürich-Süd', 'ZürichSüd'],
    ['e\u0301cole 1', 'e\u0301cole1'], // combining marks stay with their letter
    ['Москва 2024!', 'Москва2024'],
    ['a b\tc', 'abc'],
    ['---', null],
    ['', null],
    ['ab-'.repeat(2000), 'ab'.repeat(2000)],
  ])('%j → %j', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });
});
