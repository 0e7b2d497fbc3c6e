/**
 * email: canonical mailbox address.
 *
 * Syntax check is the pragmatic subset of RFC 5321/5322 that real address data uses (the
 * WHATWG HTML "valid e-mail address" rule: no quoted local parts, no comments, no IP-literal
 * domains), so anything else is treated as garbage → null. The whole address is lowercased: local
 * parts are case-sensitive per RFC 5321 but no mainstream provider treats them so.
 *
 * Options:
 * - `strip_plus` (boolean, default true): drop sub-addressing (RFC 5233), "a+tag@x.com" → "a@x.com".
 * - `gmail_dots` (boolean, default false): Gmail ignores dots in the local part, so remove them for
 *   gmail.com and googlemail.com, and map googlemail.com (the old UK/DE domain) to gmail.com.
 */
import type { NormalizerDefinition } from './normalizer';
import { checkKnownOptions, readBoolean } from './options';

// WHATWG HTML "valid e-mail address", with at least one dot in the domain (no "user@localhost").
const VALID_EMAIL =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const DOTS = /\./g;

export const email: NormalizerDefinition = {
  name: 'email',
  description: 'Lowercases and validates an address; strips +tags; option `gmail_dots` folds Gmail dots.',
  create(options) {
    const owner = 'email';
    checkKnownOptions(owner, options, ['strip_plus', 'gmail_dots']);
    const stripPlus = readBoolean(owner, options, 'strip_plus', true);
    const gmailDots = readBoolean(owner, options, 'gmail_dots', false);

    return (value) => {
      const address = value.trim().toLowerCase();
      if (address.length > 254 || !VALID_EMAIL.test(address)) return null;
      const at = address.lastIndexOf('@');
      let local = address.slice(0, at);
      let domain = address.slice(at + 1);
      if (local.length > 64) return null;
      if (stripPlus) {
        const plus = local.indexOf('+');
        if (plus === 0) return null;
        if (plus > 0) local = local.slice(0, plus);
      }
      if (gmailDots && (domain === 'gmail.com' || domain === 'googlemail.com')) {
        local = local.replace(DOTS, '');
        domain = 'gmail.com';
        if (local.length === 0) return null;
      }
      return `${local}@${domain}`;
    };
  },
};
