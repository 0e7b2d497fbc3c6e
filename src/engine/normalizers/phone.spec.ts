import { phone } from './phone';

describe('phone', () => {
  it.each([
    ['US', '(415) 555-2671', '+14155552671'],
    ['US', '415.555.2671', '+14155552671'],
    ['US', '+1 415 555 2671', '+14155552671'],
    ['US', '1-415-555-2671', '+14155552671'],
    ['US', '415-555-2671 ext. 12', '+14155552671'],
    ['US', 'tel:+14155552671', '+14155552671'],
    ['US', '+44 20 7946 0018', '+442079460018'], // an international number ignores the region
    ['GB', '020 7946 0018', '+442079460018'],
    ['GB', '07911 123456', '+447911123456'],
    ['AU', '0412 345 678', '+61412345678'],
    ['AU', '(02) 9374 4000', '+61293744000'],
    ['FR', '01 23 45 67 89', '+33123456789'],
    ['US', '555-1234', null], // too short
    ['US', '+1 123 456 7890', null], // area codes never start with 1
    ['GB', '+44 7700 900123', null], // reserved drama range, only caught by the max metadata
    ['US', 'not a phone', null],
    ['US', '', null],
    ['US', '１２３', null],
    ['US', '4'.repeat(200), null],
  ])('%s: %j → %j', (region, input, expected) => {
    expect(phone.create({ default_region: region })(input)).toBe(expected);
  });

  it('parses only international numbers without a default region', () => {
    const normalize = phone.create({});
    expect(normalize('+61 412 345 678')).toBe('+61412345678');
    expect(normalize('0412 345 678')).toBeNull();
  });

  it('accepts length-only validation', () => {
    expect(phone.create({ default_region: 'US', validation: 'possible' })('+1 123 456 7890')).toBe(
      '+11234567890',
    );
  });

  it.each([[{ default_region: 'XX' }], [{ default_region: 1 }], [{ validation: 'loose' }]])(
    'rejects %j',
    (options) => {
      expect(() => phone.create(options)).toThrow(/^phone: /);
    },
  );
});
