/**
 * date: calendar date as ISO 8601 `YYYY-MM-DD` (proleptic Gregorian calendar).
 *
 * Accepts ISO dates and timestamps ("2024-01-31", "2024-01-31T10:00:00Z"), compact "20240131",
 * numeric day/month/year in the order set by `order`, English month names ("31 Jan 2024",
 * "Jan 31, 2024", "Wednesday, 31 January 2024", RFC 2822 dates), and Unix epoch seconds (10 digits)
 * or milliseconds (13 digits) when `epoch` is on. A time of day is ignored and its timezone is not
 * applied: the date is taken as written, because a birth date in "+05:00" is still that date.
 * Epoch values are read as UTC. Impossible dates (Feb 30, month 13) are null, never rolled over.
 *
 * Options: `order` ("dmy" | "mdy" | "ymd", default "dmy") for numeric dates whose year is not
 * first; `two_digit_year_pivot` (0..100, default 50: "49" → 2049, "50" → 1950); `epoch`
 * (boolean, default true).
 */
import type { NormalizerDefinition } from './normalizer';
import { checkKnownOptions, readBoolean, readEnum, readNumber } from './options';

const WEEKDAY_PREFIX = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*/;
const TIME_SUFFIX =
  /(?:t|\s+)\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:am|pm)?\s*(?:z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?$/;
const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const EPOCH = /^(?:\d{10}|\d{13})$/;
const NUMERIC = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4}|\d{2})$/;
const DAY_MONTH_NAME =
  /^(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s\-/.,]*([a-z]{3,9})\.?[\s\-/.,]*(\d{4}|\d{2})$/;
const MONTH_NAME_DAY = /^([a-z]{3,9})\.?[\s\-/.,]*(\d{1,2})(?:st|nd|rd|th)?[\s\-/.,]*(\d{4}|\d{2})$/;
const YEAR_MONTH_NAME = /^(\d{4})[\s\-/.,]*([a-z]{3,9})\.?[\s\-/.,]*(\d{1,2})$/;

const MONTH_NAMES = [
  ...['january', 'february', 'march', 'april', 'may', 'june'],
  ...['july', 'august', 'september', 'october', 'november', 'december'],
];
const MONTHS: ReadonlyMap<string, number> = new Map<string, number>([
  ...MONTH_NAMES.map((name, i): [string, number] => [name, i + 1]),
  ...MONTH_NAMES.map((name, i): [string, number] => [name.slice(0, 3), i + 1]),
  ['sept', 9],
]);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Formats a validated date, or null when it does not exist. */
export function formatDate(year: number, month: number, day: number): string | null {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const last = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (day > last) return null;
  const mm = month < 10 ? `0${month}` : `${month}`;
  const dd = day < 10 ? `0${day}` : `${day}`;
  return `${year}-${mm}-${dd}`;
}

export const date: NormalizerDefinition = {
  name: 'date',
  description: 'Parses many date formats to YYYY-MM-DD; option `order` (dmy|mdy|ymd) for numeric dates.',
  create(options) {
    const owner = 'date';
    checkKnownOptions(owner, options, ['order', 'two_digit_year_pivot', 'epoch']);
    const order = readEnum(owner, options, 'order', ['dmy', 'mdy', 'ymd'] as const, 'dmy');
    const pivot = readNumber(owner, options, 'two_digit_year_pivot', 50, { min: 0, max: 100, integer: true });
    const epoch = readBoolean(owner, options, 'epoch', true);

    const year = (text: string): number => {
      const n = Number(text);
      return text.length !== 2 ? n : n < pivot ? 2000 + n : 1900 + n;
    };
    const named = (month: string, dayText: string, yearText: string): string | null => {
      const m = MONTHS.get(month);
      return m === undefined ? null : formatDate(year(yearText), m, Number(dayText));
    };

    return (value) => {
      const text = value.trim().toLowerCase();
      if (epoch && EPOCH.test(text)) {
        const millis = text.length === 10 ? Number(text) * 1000 : Number(text);
        const iso = new Date(millis).toISOString();
        return formatDate(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
      }
      const core = text.replace(WEEKDAY_PREFIX, '').replace(TIME_SUFFIX, '');
      let m = YEAR_FIRST.exec(core) ?? COMPACT.exec(core);
      if (m !== null) return formatDate(Number(m[1]), Number(m[2]), Number(m[3]));
      if ((m = NUMERIC.exec(core)) !== null) {
        if (order === 'dmy') return formatDate(year(m[3]), Number(m[2]), Number(m[1]));
        if (order === 'mdy') return formatDate(year(m[3]), Number(m[1]), Number(m[2]));
        return m[1].length === 2 ? formatDate(year(m[1]), Number(m[2]), Number(m[3])) : null;
      }
      if ((m = DAY_MONTH_NAME.exec(core)) !== null) return named(m[2], m[1], m[3]);
      if ((m = MONTH_NAME_DAY.exec(core)) !== null) return named(m[1], m[2], m[3]);
      if ((m = YEAR_MONTH_NAME.exec(core)) !== null) return named(m[2], m[3], m[1]);
      return null;
    };
  },
};
