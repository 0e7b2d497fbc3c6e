/**
 * postal_code: uppercase, separators removed, and validated per country when `country` is set.
 *
 * Formats from the Universal Postal Union "Postal addressing systems" pages:
 * - US: ZIP or ZIP+4; only the 5-digit ZIP is kept, since ZIP+4 is often missing on one side.
 *   3- and 4-digit values are left-padded with zeros, because spreadsheets drop leading zeros of
 *   New England and Puerto Rico ZIPs ("2134" → "02134").
 * - GB: outward + inward code ("SW1A 1AA" → "SW1A1AA"); CA: "A1A 1A1" → "A1A1A1".
 * - AU 4 digits, DE/FR/ES/IT 5 digits, NL "1234AB", IN 6 digits, JP 7 digits.
 * Without `country`, the generic rule keeps letters and digits only. A value that does not fit
 * the country's format is null: a wrong postal code must not agree with another wrong one.
 */
import type { NormalizerDefinition } from './normalizer';
import { checkKnownOptions, readString } from './options';
import { emptyToNull } from './text';

const NOT_ALNUM = /[^0-9A-Z]/g;

const FORMATS: Readonly<Record<string, RegExp>> = {
  GB: /^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/,
  CA: /^[ABCEGHJ-NPRSTVXY]\d[A-Z]\d[A-Z]\d$/,
  AU: /^\d{4}$/,
  DE: /^\d{5}$/,
  FR: /^\d{5}$/,
  ES: /^\d{5}$/,
  IT: /^\d{5}$/,
  NL: /^\d{4}[A-Z]{2}$/,
  IN: /^\d{6}$/,
  JP: /^\d{7}$/,
};
const US_ZIP = /^(\d{5})(\d{4})?$/;
const US_SHORT = /^\d{3,4}$/;

export const SUPPORTED_POSTAL_COUNTRIES: readonly string[] = ['US', ...Object.keys(FORMATS)];

function usZip(code: string): string | null {
  const match = US_ZIP.exec(code);
  if (match !== null) return match[1];
  return US_SHORT.test(code) ? code.padStart(5, '0') : null;
}

export const postalCode: NormalizerDefinition = {
  name: 'postal_code',
  description: 'Uppercases and removes separators; option `country` (US, GB, CA, ...) validates the format.',
  create(options) {
    const owner = 'postal_code';
    checkKnownOptions(owner, options, ['country']);
    const country = readString(owner, options, 'country', '').toUpperCase();
    if (country !== '' && !SUPPORTED_POSTAL_COUNTRIES.includes(country)) {
      throw new Error(`${owner}: option "country" must be one of ${SUPPORTED_POSTAL_COUNTRIES.join(', ')}`);
    }
    const format = FORMATS[country];

    return (value) => {
      const code = value.toUpperCase().replace(NOT_ALNUM, '');
      if (country === 'US') return usZip(code);
      if (format !== undefined) return format.test(code) ? code : null;
      return emptyToNull(code);
    };
  },
};
