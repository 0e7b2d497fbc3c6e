/**
 * product_code: canonical product identifier, by `kind`.
 *
 * - `gtin` / `ean` / `upc` (one family, GS1 General Specifications §7.9): digits only, length 8,
 *   12, 13 or 14, with a valid mod-10 check digit, left-padded with zeros to GTIN-14, so the UPC-A
 *   "036000291452" and the EAN-13 "0036000291452" of the same product become equal. An 8-digit
 *   value is read as GTIN-8; zero-suppressed UPC-E is not expanded.
 * - `isbn` (ISO 2108): ISBN-10 (mod-11 check, "X" = 10) is converted to its ISBN-13 ("978" prefix,
 *   new mod-10 check); ISBN-13 must start with 978/979 and pass the check. Output: 13 digits.
 * - `sku` (default) / `model`: uppercase letters and digits only, separators dropped
 *   ("WH-1000XM4" → "WH1000XM4"); no check digit exists to validate.
 * Invalid identifiers are null: a typo in a GTIN must not match another product.
 */
import type { NormalizerDefinition } from './normalizer';
import { checkKnownOptions, readEnum } from './options';
import { emptyToNull } from './text';

const NOT_ALNUM = /[^0-9A-Z]/g;
const DIGITS = /^\d+$/;
const ISBN_PREFIX = /^ISBN(?:1[03])?/;
const ISBN10 = /^\d{9}[\dX]$/;

export const PRODUCT_CODE_KINDS = ['gtin', 'ean', 'upc', 'isbn', 'sku', 'model'] as const;

/** GS1 mod-10 check digit of `body` (the digits before the check digit). */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
    sum += (body.charCodeAt(i) - 48) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

function isValidGs1(code: string): boolean {
  return gs1CheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

function gtin14(code: string): string | null {
  const n = code.length;
  if ((n !== 8 && n !== 12 && n !== 13 && n !== 14) || !DIGITS.test(code) || !isValidGs1(code)) return null;
  return code.padStart(14, '0');
}

function isbn13(code: string): string | null {
  const bare = code.replace(ISBN_PREFIX, '');
  if (bare.length === 13) {
    const valid = DIGITS.test(bare) && (bare.startsWith('978') || bare.startsWith('979')) && isValidGs1(bare);
    return valid ? bare : null;
  }
  if (!ISBN10.test(bare)) return null;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const digit = bare.charCodeAt(i) === 88 /* X */ ? 10 : bare.charCodeAt(i) - 48;
    sum += digit * (10 - i);
  }
  if (sum % 11 !== 0) return null;
  const body = `978${bare.slice(0, 9)}`;
  return `${body}${gs1CheckDigit(body)}`;
}

export const productCode: NormalizerDefinition = {
  name: 'product_code',
  description: 'Uppercase alphanumerics; option `kind` (gtin|ean|upc|isbn|sku|model) validates and converts.',
  create(options) {
    checkKnownOptions('product_code', options, ['kind']);
    const kind = readEnum('product_code', options, 'kind', PRODUCT_CODE_KINDS, 'sku');

    return (value) => {
      const code = value.toUpperCase().replace(NOT_ALNUM, '');
      switch (kind) {
        case 'gtin':
        case 'ean':
        case 'upc':
          return gtin14(code);
        case 'isbn':
          return isbn13(code);
        case 'sku':
        case 'model':
          return emptyToNull(code);
      }
    };
  },
};
