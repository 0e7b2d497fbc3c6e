import {
  formatDate,
  formatPhone,
  formatStreet,
  PHONE_STYLES,
  randomDate,
  type StreetAddress,
} from './formats';
import { Random } from './random';

describe('formats', () => {
  it.each([
    ['paren', '(415) 555-2671'],
    ['dash', '415-555-2671'],
    ['dot', '415.555.2671'],
    ['intl', '+1 415 555 2671'],
    ['plain', '4155552671'],
    ['e164', '+14155552671'],
    ['one-dash', '1-415-555-2671'],
  ] as const)('phone style %s → %s', (style, expected) => {
    expect(formatPhone(style, '4155552671')).toBe(expected);
  });

  it('every phone style keeps the ten digits', () => {
    for (const style of PHONE_STYLES) {
      expect(formatPhone(style, '2125550142').replace(/\D/g, '').slice(-10)).toBe('2125550142');
    }
  });

  const date = { year: 1984, month: 3, day: 7 };
  it.each([
    ['iso', 'mdy', '1984-03-07'],
    ['compact', 'dmy', '19840307'],
    ['numeric', 'mdy', '03/07/1984'],
    ['numeric', 'dmy', '07/03/1984'],
    ['numeric-short', 'mdy', '3/7/1984'],
    ['numeric-short', 'dmy', '7.3.1984'],
    ['month-name', 'mdy', 'Mar 7, 1984'],
    ['month-name', 'dmy', '7 Mar 1984'],
  ] as const)('date style %s (%s) → %s', (style, order, expected) => {
    expect(formatDate(style, order, date)).toBe(expected);
  });

  it('randomDate gives real calendar dates in range', () => {
    const r = new Random(1);
    for (let i = 0; i < 5000; i++) {
      const d = randomDate(r, 1999, 2001);
      const back = new Date(Date.UTC(d.year, d.month - 1, d.day));
      expect([back.getUTCFullYear(), back.getUTCMonth() + 1, back.getUTCDate()]).toEqual([
        d.year,
        d.month,
        d.day,
      ]);
      expect(d.year).toBeGreaterThanOrEqual(1999);
      expect(d.year).toBeLessThanOrEqual(2001);
    }
  });

  const street: StreetAddress = {
    number: 569,
    direction: 0,
    name: 'Riverside',
    type: 0,
    unit: { type: 0, number: '4B' },
  };
  it.each([
    [0, false, '569 North Riverside Street Apartment 4B', null],
    [0, true, '569 North Riverside Street', 'Apartment 4B'],
  ])('street with abbreviate=%d, unit on line 2=%s', (abbreviate, unitOnLine2, line1, line2) => {
    expect(formatStreet(new Random(1), street, abbreviate, unitOnLine2)).toEqual({ line1, line2 });
  });

  it('abbreviates with USPS short forms when asked to', () => {
    for (let seed = 0; seed < 30; seed++) {
      const { line1, line2 } = formatStreet(new Random(seed), street, 1, true);
      expect(line1).toMatch(/^569 N\.? Riverside (St|St\.|Str)$/);
      expect(line2).toMatch(/^(Apt 4B|Apt\. 4B|#4B)$/);
    }
  });
});
