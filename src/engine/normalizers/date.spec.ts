import { date } from './date';

describe('date', () => {
  const dmy = date.create({});
  const mdy = date.create({ order: 'mdy' });
  const ymd = date.create({ order: 'ymd' });

  it.each([
    ['2024-01-31', '2024-01-31'],
    ['2024-1-5', '2024-01-05'],
    ['2024/01/31', '2024-01-31'],
    ['2024.01.31', '2024-01-31'],
    ['20240131', '2024-01-31'],
    ['2024-01-31T10:15:30Z', '2024-01-31'],
    ['2024-01-31T23:30:00.000-05:00', '2024-01-31'], // the date as written, no timezone shift
    ['2024-01-31 10:15', '2024-01-31'],
    ['31/01/2024', '2024-01-31'],
    ['31-01-2024', '2024-01-31'],
    ['31.01.2024', '2024-01-31'],
    ['1/2/2024', '2024-02-01'],
    ['31/01/24', '2024-01-31'],
    ['31/01/75', '1975-01-31'],
    ['31 Jan 2024', '2024-01-31'],
    ['31-JAN-2024', '2024-01-31'],
    ['31st of January, 2024', '2024-01-31'],
    ['Jan 31, 2024', '2024-01-31'],
    ['January 31st 2024', '2024-01-31'],
    ['Sept. 1, 2023', '2023-09-01'],
    ['Wednesday, 31 January 2024', '2024-01-31'],
    ['Wed, 31 Jan 2024 10:15:30 +0000', '2024-01-31'],
    ['2024-Jan-31', '2024-01-31'],
    ['1706659200', '2024-01-31'], // epoch seconds
    ['1706659200000', '2024-01-31'], // epoch milliseconds
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['1900-02-29', null],
    ['2023-02-29', null],
    ['2024-02-30', null],
    ['2024-13-01', null],
    ['2024-00-10', null],
    ['31/04/2024', null],
    ['0999-01-01', null],
    ['32 Jan 2024', null],
    ['31 Foo 2024', null],
    ['2024', null],
    ['yesterday', null],
    ['', null],
    ['２０２４-01-31', null],
    ['1'.repeat(1000), null],
  ])('dmy: %j → %j', (input, expected) => {
    expect(dmy(input)).toBe(expected);
  });

  it.each([
    ['01/31/2024', '2024-01-31'],
    ['1/2/2024', '2024-01-02'],
    ['31/01/2024', null],
    ['2024-01-31', '2024-01-31'],
    ['Jan 31, 2024', '2024-01-31'],
  ])('mdy: %j → %j', (input, expected) => {
    expect(mdy(input)).toBe(expected);
  });

  it.each([
    ['24/01/31', '2024-01-31'],
    ['2024/01/31', '2024-01-31'],
    ['1/2/2024', null],
  ])('ymd: %j → %j', (input, expected) => {
    expect(ymd(input)).toBe(expected);
  });

  it('honours two_digit_year_pivot and epoch', () => {
    expect(date.create({ two_digit_year_pivot: 30 })('01/01/45')).toBe('1945-01-01');
    expect(date.create({ epoch: false })('1706659200')).toBeNull();
  });

  it.each([[{ order: 'ydm' }], [{ two_digit_year_pivot: 101 }], [{ epoch: 'yes' }]])(
    'rejects %j',
    (options) => {
      expect(() => date.create(options)).toThrow(/^date: option/);
    },
  );
});
