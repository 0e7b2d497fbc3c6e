import { number } from './number';

describe('number', () => {
  const dot = number.create({});
  const comma = number.create({ decimal: ',' });

  it.each([
    ['1234', '1234'],
    ['1,234,567.89', '1234567.89'],
    ['$1,234.50', '1234.5'],
    ['USD 1,234.50', '1234.5'],
    ['1234.50 usd', '1234.5'],
    ['US$ 99', '99'],
    ['€ 12', '12'],
    ['Rs. 1,00,000', '100000'], // Indian lakh grouping
    ["1'234'567", '1234567'], // Swiss
    ['1 234 567.5', '1234567.5'],
    ['1\u00a0234', '1234'],
    ['-42', '-42'],
    ['−42', '-42'], // U+2212 minus
    ['+42', '42'],
    ['(1,234.00)', '-1234'],
    ['($5)', '-5'],
    ['0007', '7'],
    ['0.10', '0.1'],
    ['.5', '0.5'],
    ['-0.00', '0'],
    ['12%', '12'],
    ['1.2E+05', '120000'],
    ['1.5e-3', '0.0015'],
    ['12345678901234567890.123', '12345678901234567890.123'], // no float rounding
    ['1,5', null], // a decimal comma is not accepted when decimal is "."
    ['1,23,4', null],
    ['12,34', null],
    ['1.2.3', null],
    ['abc', null],
    ['one', null],
    ['$', null],
    ['-', null],
    ['', null],
    ['1e999', null],
    ['9'.repeat(5000), '9'.repeat(5000)],
  ])('decimal ".": %j → %j', (input, expected) => {
    expect(dot(input)).toBe(expected);
  });

  it.each([
    ['1.234.567,89', '1234567.89'],
    ['1 234,50 €', '1234.5'],
    ['12,50 EUR', '12.5'],
    ['1,5', '1.5'],
    ['1.234', '1234'],
    ['1.5', null],
    ['-0,5', '-0.5'],
  ])('decimal ",": %j → %j', (input, expected) => {
    expect(comma(input)).toBe(expected);
  });

  it('rejects an unknown decimal mark', () => {
    expect(() => number.create({ decimal: ';' })).toThrow('number: option "decimal" must be one of ., ,');
  });
});
