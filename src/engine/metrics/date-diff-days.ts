/**
 * date_diff_days: number of days between two ISO 8601 calendar dates `YYYY-MM-DD` (the output of
 * the `date` normalizer), as a distance. Day numbers come from H. Hinnant's `days_from_civil`
 * ("chrono-Compatible Low-Level Date Algorithms", 2013), proleptic Gregorian, with no Date objects
 * allocated. Anything that is not a valid date in exactly that form gives NaN.
 *
 * Option `allow_day_month_swap` (boolean, default false): distance 0 when the two dates differ only
 * by day and month being swapped (2024-03-04 vs 2024-04-03), the classic US/European entry error
 * (Christen, "Data Matching", 2012, §5.2).
 */
import { checkKnownOptions, readBoolean } from '../normalizers/options';
import type { MetricDefinition } from './metric';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(s: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Packs a valid date as year·10000 + month·100 + day, or returns -1. */
export function parseIsoDate(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return -1;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1])) return -1;
  return year * 10000 + month * 100 + day;
}

/** Days since 1970-01-01 (Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const toDays = (packed: number): number =>
  daysFromCivil(Math.floor(packed / 10000), Math.floor(packed / 100) % 100, packed % 100);

export function dateDifferenceDays(a: string, b: string, allowSwap = false): number {
  const x = parseIsoDate(a);
  const y = parseIsoDate(b);
  if (x < 0 || y < 0) return NaN;
  if (x === y) return 0;
  if (allowSwap && Math.floor(x / 10000) === Math.floor(y / 10000)) {
    const monthX = Math.floor(x / 100) % 100;
    const monthY = Math.floor(y / 100) % 100;
    if (monthX === y % 100 && x % 100 === monthY) return 0;
  }
  return Math.abs(toDays(x) - toDays(y));
}

export const dateDiffDays: MetricDefinition = {
  name: 'date_diff_days',
  kind: 'distance',
  description: 'Days between two YYYY-MM-DD dates; option `allow_day_month_swap`; NaN for non-dates.',
  create(options) {
    checkKnownOptions('date_diff_days', options, ['allow_day_month_swap']);
    const allowSwap = readBoolean('date_diff_days', options, 'allow_day_month_swap', false);
    return (a, b) => dateDifferenceDays(a, b, allowSwap);
  },
};
