import { digitsOnly } from './digits-only';

describe('digits_only', () => {
  const normalize = digitsOnly.create({});

  it.each([
    ['(415) 555-2671', '4155552671'],
    ['DE 123.456.789', '123456789'],
    ['007', '007'],
    ['abc', null],
    ['', null],
    ['٣٤٥', null], // Arabic-Indic digits are not ASCII digits
    ['1-'.repeat(3000), '1'.repeat(3000)],
  ])('%j → %j', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });
});
