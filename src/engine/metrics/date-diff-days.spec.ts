import { dateDiffDays, daysFromCivil } from './date-diff-days';

describe('date_diff_days', () => {
  const plain = dateDiffDays.create({});
  const swap = dateDiffDays.create({ allow_day_month_swap: true });

  it.each([
    ['2024-01-31', '2024-02-01', 1, 1],
    ['2024-02-01', '2024-01-31', 1, 1],
    ['2023-12-31', '2024-12-31', 366, 366],
    ['2024-03-04', '2024-04-03', 30, 0], // day and month swapped
    ['2024-03-04', '2025-04-03', 395, 395], // a swap only counts within the same year
    ['2024-12-12', '2024-12-12', 0, 0],
    ['1970-01-01', '1969-12-31', 1, 1],
    ['0001-01-01', '9999-12-31', 3652058, 3652058],
    ['1900-02-28', '1900-03-01', 1, 1], // 1900 is not a leap year
    ['2000-02-28', '2000-03-01', 2, 2], // 2000 is
    ['2024-02-30', '2024-02-01', NaN, NaN],
    ['2024-13-01', '2024-01-01', NaN, NaN],
    ['2024/01/31', '2024-01-31', NaN, NaN],
    ['2024-1-31', '2024-01-31', NaN, NaN],
    ['', '2024-01-31', NaN, NaN],
    ['２０２４-01-31', '2024-01-31', NaN, NaN],
  ])('%j vs %j → %d (with swap: %d)', (a, b, expected, expectedSwap) => {
    for (const [compare, value] of [
      [plain, expected],
      [swap, expectedSwap],
    ] as const) {
      if (Number.isNaN(value)) expect(compare(a, b)).toBeNaN();
      else expect(compare(a, b)).toBe(value);
    }
  });

  it.each([
    [1970, 1, 1, 0],
    [2000, 3, 1, 11017],
    [1969, 12, 31, -1],
    [2024, 1, 31, 19753],
  ])('daysFromCivil(%d, %d, %d) = %d', (y, m, d, expected) => {
    expect(daysFromCivil(y, m, d)).toBe(expected);
    expect(daysFromCivil(y, m, d)).toBe(Date.UTC(y, m - 1, d) / 86_400_000);
  });
});
