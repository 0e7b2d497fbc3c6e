import { nullIf } from './null-if';

describe('null_if', () => {
  const defaults = nullIf.create({});

  it.each([
    ['N/A', null],
    ['n/a', null],
    [' Unknown ', null],
    ['UNKNOWN', null],
    ['-', null],
    ['none', null],
    ['NULL', null],
    ['#N/A', null],
    ['', null],
    ['   ', null],
    ['John', 'John'],
    [' John ', ' John '], // passes through untouched
    ['Na', 'Na'], // a Korean surname, not a placeholder
    ['unknown person', 'unknown person'],
    ['x'.repeat(2000), 'x'.repeat(2000)],
  ])('defaults: %j → %j', (input, expected) => {
    expect(defaults(input)).toBe(expected);
  });

  it.each([
    ['TBC', null],
    ['tbc', null],
    ['000', null],
    ['N/A', 'N/A'], // the custom list replaces the defaults
    ['', null], // blank is always null
  ])('custom values: %j → %j', (input, expected) => {
    expect(nullIf.create({ values: ['tbc', ' 000 '] })(input)).toBe(expected);
  });

  it('rejects a non-array `values`', () => {
    expect(() => nullIf.create({ values: 'n/a' })).toThrow(
      'null_if: option "values" must be an array of strings',
    );
  });
});
