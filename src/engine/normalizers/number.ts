/**
 * number: canonical decimal string ("-1234.5") from human-formatted numbers.
 *
 * Accepts thousands separators (the non-decimal one of "." / ",", spaces including NBSP and thin
 * space, and the Swiss apostrophe) when they group digits by three, or in the Indian lakh style
 * ("1,00,000"); currency symbols (Unicode Sc), "%", and a currency code or abbreviation of up to
 * three letters before or after the number ("USD 12", "12,50 EUR", "Rs. 500"); a sign (including
 * U+2212 minus); accounting negatives "(1,234.00)"; and an exponent ("1.2E+05", from spreadsheets).
 * The output is built from the digits as text, never through a float, so "0.1" stays "0.1" and
 * 20-digit account numbers keep every digit: no leading zeros, no trailing fractional zeros, no
 * exponent, "-0" → "0". Anything else is null, including a lone "1,5" when `decimal` is ".".
 *
 * Option `decimal` ("." | ",", default "."): the decimal mark.
 */
import type { NormalizerDefinition } from './normalizer';
import { checkKnownOptions, readEnum } from './options';

const SYMBOLS = /[\p{Sc}%]/gu;
const LEADING_CODE = /^[a-z]{1,3}\.?\s*(?=[\d+\-−.,(])/i;
const TRAILING_CODE = /(?<=[\d.,)])\s*[a-z]{1,3}\.?$/i;
const ACCOUNTING = /^\((.*)\)$/s;
const MAX_EXPONENT = 400;

function numberPattern(decimal: string, group: string): RegExp {
  const g = `[${group}\\s'’]`;
  const int = `(\\d{1,3}(?:${g}\\d{3})+|\\d{1,2}(?:${g}\\d{2})+${g}\\d{3}|\\d+)`;
  return new RegExp(`^([+\\-−])?${int}?(?:\\${decimal}(\\d+))?(?:[eE]([+\\-]?\\d+))?$`);
}

const PATTERNS = { '.': numberPattern('.', ','), ',': numberPattern(',', '.') } as const;
const NOT_DIGIT = /\D/g;
const LEADING_ZEROS = /^0+(?=\d)/;
const TRAILING_ZEROS = /0+$/;

/** Places the decimal point `point` digits into `digits` and strips redundant zeros. */
function canonical(negative: boolean, digits: string, point: number): string {
  let int = point <= 0 ? '0' : point >= digits.length ? digits.padEnd(point, '0') : digits.slice(0, point);
  let frac = point <= 0 ? '0'.repeat(-point) + digits : point >= digits.length ? '' : digits.slice(point);
  int = int.replace(LEADING_ZEROS, '');
  frac = frac.replace(TRAILING_ZEROS, '');
  const body = frac.length > 0 ? `${int}.${frac}` : int;
  return negative && body !== '0' ? `-${body}` : body;
}

export const number: NormalizerDefinition = {
  name: 'number',
  description: 'Parses formatted numbers (separators, currency, accounting negatives) to a decimal string.',
  create(options) {
    checkKnownOptions('number', options, ['decimal']);
    const pattern = PATTERNS[readEnum('number', options, 'decimal', ['.', ','] as const, '.')];

    return (value) => {
      let text = value.replace(SYMBOLS, '').trim();
      let negative = false;
      const accounting = ACCOUNTING.exec(text);
      if (accounting !== null) {
        negative = true;
        text = accounting[1].replace(SYMBOLS, '').trim();
      }
      text = text.replace(LEADING_CODE, '').replace(TRAILING_CODE, '');
      const m = pattern.exec(text);
      if (m === null || (m[2] === undefined && m[3] === undefined)) return null;
      if (m[1] !== undefined && m[1] !== '+') negative = !negative;
      const int = m[2] === undefined ? '' : m[2].replace(NOT_DIGIT, '');
      const frac = m[3] ?? '';
      const exponent = m[4] === undefined ? 0 : Number(m[4]);
      if (Math.abs(exponent) > MAX_EXPONENT) return null;
      return canonical(negative, int + frac, int.length + exponent);
    };
  },
};
