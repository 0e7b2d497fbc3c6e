/**
 * The formats in which sources write the same value: phone numbers (NANP, as printed in the US),
 * dates (US month-first, European day-first, ISO 8601, with month names), street addresses with
 * USPS abbreviations, and email address variants. Each source has its own habits (a style), and
 * individual records sometimes deviate.
 */
import { DIRECTIONS, STREET_TYPES, UNIT_TYPES } from './vocabulary/places';
import type { Random } from './random';

export const PHONE_STYLES = ['paren', 'dash', 'dot', 'intl', 'plain', 'e164', 'one-dash'] as const;
export type PhoneStyle = (typeof PHONE_STYLES)[number];

/** A 10-digit NANP number ("4155552671") in one of the styles people and systems use. */
export function formatPhone(style: PhoneStyle, digits: string): string {
  const [a, b, c] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)];
  switch (style) {
    case 'paren':
      return `(${a}) ${b}-${c}`;
    case 'dash':
      return `${a}-${b}-${c}`;
    case 'dot':
      return `${a}.${b}.${c}`;
    case 'intl':
      return `+1 ${a} ${b} ${c}`;
    case 'plain':
      return digits;
    case 'e164':
      return `+1${digits}`;
    case 'one-dash':
      return `1-${a}-${b}-${c}`;
  }
}

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Date styles. The `order` a matcher is configured with (mdy for customers, dmy for accounts)
 * decides which numeric styles a source of that entity type may use: a US CRM writes 03/07/1984,
 * a European core-banking system 07/03/2015.
 */
export const DATE_STYLES = ['iso', 'numeric', 'numeric-short', 'month-name', 'compact'] as const;
export type DateStyle = (typeof DATE_STYLES)[number];

export function formatDate(style: DateStyle, order: 'mdy' | 'dmy', d: CalendarDate): string {
  switch (style) {
    case 'iso':
      return `${d.year}-${pad(d.month)}-${pad(d.day)}`;
    case 'compact':
      return `${d.year}${pad(d.month)}${pad(d.day)}`;
    case 'numeric':
      return order === 'mdy'
        ? `${pad(d.month)}/${pad(d.day)}/${d.year}`
        : `${pad(d.day)}/${pad(d.month)}/${d.year}`;
    case 'numeric-short':
      return order === 'mdy' ? `${d.month}/${d.day}/${d.year}` : `${d.day}.${d.month}.${d.year}`;
    case 'month-name':
      return order === 'mdy'
        ? `${MONTHS[d.month - 1]} ${d.day}, ${d.year}`
        : `${d.day} ${MONTHS[d.month - 1]} ${d.year}`;
  }
}

/** A real calendar date between two years (inclusive). */
export function randomDate(random: Random, fromYear: number, toYear: number): CalendarDate {
  const year = random.int(fromYear, toYear);
  const month = random.int(1, 12);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { year, month, day: random.int(1, days) };
}

/** The structured form of a street address; `formatStreet` renders it the way a source would. */
export interface StreetAddress {
  readonly number: number;
  readonly direction: number | null;
  readonly name: string;
  readonly type: number;
  readonly unit: { readonly type: number; readonly number: string } | null;
}

/**
 * Line 1 (and line 2 when the unit goes on its own line). `abbreviate` is the chance of each
 * abbreviable word being abbreviated: USPS style abbreviates everything, hand-typed data mixes.
 */
export function formatStreet(
  random: Random,
  a: StreetAddress,
  abbreviate: number,
  unitOnLine2: boolean,
): { line1: string; line2: string | null } {
  const word = ([full, short]: readonly [string, readonly string[]]): string =>
    random.chance(abbreviate) ? random.pick(short) : full;
  const parts = [String(a.number)];
  if (a.direction !== null) parts.push(word(DIRECTIONS[a.direction]));
  parts.push(a.name, word(STREET_TYPES[a.type]));
  let unit: string | null = null;
  if (a.unit) {
    const designator = word(UNIT_TYPES[a.unit.type]);
    unit = designator === '#' ? `#${a.unit.number}` : `${designator} ${a.unit.number}`;
  }
  if (unit && !unitOnLine2) return { line1: `${parts.join(' ')} ${unit}`, line2: null };
  return { line1: parts.join(' '), line2: unit };
}
