import { postalCode } from './postal-code';

describe('postal_code', () => {
  it.each([
    [{}, 'sw1a 1aa', 'SW1A1AA'],
    [{}, ' 94110-1234 ', '941101234'],
    [{}, '75008', '75008'],
    [{}, 'ü-1', '1'],
    [{}, ' - ', null],
    [{}, '', null],
    [{ country: 'US' }, '94110', '94110'],
    [{ country: 'US' }, '94110-1234', '94110'],
    [{ country: 'US' }, '94110 1234', '94110'],
    [{ country: 'US' }, '2134', '02134'], // leading zero dropped by a spreadsheet
    [{ country: 'US' }, '501', '00501'],
    [{ country: 'US' }, '941', '00941'],
    [{ country: 'US' }, '9411', '09411'],
    [{ country: 'US' }, '94', null],
    [{ country: 'US' }, '941101', null],
    [{ country: 'US' }, 'ABCDE', null],
    [{ country: 'us' }, '10001', '10001'],
    [{ country: 'GB' }, 'sw1a 1aa', 'SW1A1AA'],
    [{ country: 'GB' }, 'M1 1AE', 'M11AE'],
    [{ country: 'GB' }, 'EC1A-1BB', 'EC1A1BB'],
    [{ country: 'GB' }, '12345', null],
    [{ country: 'CA' }, 'k1a 0b1', 'K1A0B1'],
    [{ country: 'CA' }, 'K1A-0B1', 'K1A0B1'],
    [{ country: 'CA' }, 'D1A 0B1', null], // D is not a Canadian first letter
    [{ country: 'NL' }, '1012 ab', '1012AB'],
    [{ country: 'AU' }, '2000', '2000'],
    [{ country: 'DE' }, '1011', null],
    [{ country: 'US' }, '9'.repeat(500), null],
  ])('%j: %j → %j', (options, input, expected) => {
    expect(postalCode.create(options)(input)).toBe(expected);
  });

  it('rejects unsupported countries', () => {
    expect(() => postalCode.create({ country: 'ZZ' })).toThrow(
      'postal_code: option "country" must be one of US, GB',
    );
  });
});
