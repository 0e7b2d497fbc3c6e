import { TIMESTAMP_PATTERN } from './change-event.rules';

/**
 * RFC 3339 timestamps to a canonical UTC string with exactly six fractional digits, and to epoch
 * microseconds. Microseconds are PostgreSQL's timestamptz precision: canonicalising (truncating any
 * nanoseconds) before storage means the order key compared in memory is exactly the one stored, so a
 * value read back never compares differently from the one written.
 */
export interface ParsedTimestamp {
  iso: string;
  us: bigint;
}

function daysInMonth(year: number, month: number): number {
  // The Gregorian leap-year pattern repeats every 400 years; 2000-2399 keeps Date.UTC clear of its 0-99 quirk.
  return new Date(Date.UTC(2000 + (year % 400), month, 0)).getUTCDate();
}

export function parseTimestamp(text: string): ParsedTimestamp | null {
  const m = TIMESTAMP_PATTERN.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = m[7] ?? '';
  const offsetSign = m[9] === '-' ? -1 : 1;
  const offsetHours = m[8] ? 0 : Number(m[10]);
  const offsetMinutes = m[8] ? 0 : Number(m[11]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return null;

  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  const ms = d.getTime() - offsetSign * (offsetHours * 60 + offsetMinutes) * 60_000;
  const utc = new Date(ms);
  // PostgreSQL has no year 0 in ISO input; keep to four-digit years after the offset is applied.
  if (utc.getUTCFullYear() < 1 || utc.getUTCFullYear() > 9999) return null;
  const micros = (fraction + '000000').slice(0, 6);
  return {
    iso: `${utc.toISOString().slice(0, 19)}.${micros}Z`,
    us: BigInt(ms) * 1000n + BigInt(micros),
  };
}
