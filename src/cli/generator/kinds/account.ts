/**
 * Synthetic accounts for matchers/account.yaml: account_number, iban, holder_name, opened_on
 * (day-first) and currency, as core banking, cards, CRM, payments and risk systems hold them.
 *
 * A quarter of the holders are companies, whose legal suffix each system spells its own way
 * (Inc. / Incorporated / none). Cards systems only keep the last six digits of the number; IBANs
 * are printed in groups of four or run together; holder names come as "SMITH JOHN",
 * "Smith, John" or "John Smith", with the usual typos and nicknames. The currency never differs
 * between systems (the matcher treats a different currency as a different account).
 */
import { formatDate, randomDate, type CalendarDate, type DateStyle } from '../formats';
import { applyCase, digitTypo, misspell, type CaseStyle } from '../noise';
import { Random, Zipf } from '../random';
import {
  COMPANY_KINDS,
  COMPANY_WORDS,
  CURRENCIES,
  IBAN_COUNTRIES,
  LEGAL_SUFFIXES,
} from '../vocabulary/commerce';
import { GIVEN_NAMES, SURNAMES } from '../vocabulary/people';
import type { DomainProfile, EntityKind, GeneratedAttributes } from './entity-kind';

type Holder =
  | { readonly kind: 'person'; readonly given: number; readonly family: string }
  | { readonly kind: 'company'; readonly name: string; readonly suffix: number };

export interface Account {
  readonly number: string;
  readonly iban: string;
  readonly holder: Holder;
  readonly opened: CalendarDate;
  readonly currency: string;
}

type HolderStyle = 'family-given' | 'family-comma-given' | 'given-family';

interface AccountDomain extends DomainProfile {
  readonly caseStyle: CaseStyle;
  readonly holderStyle: HolderStyle;
  readonly numberStyle: 'plain' | 'masked' | 'dashed';
  readonly ibanStyle: 'grouped' | 'compact' | 'lower';
  readonly dateStyle: DateStyle;
  readonly fill: { readonly number: number; readonly iban: number; readonly opened: number };
}

const DOMAINS: readonly AccountDomain[] = [
  {
    name: 'core_banking',
    idPrefix: 'ACC-',
    coverage: 0.85,
    caseStyle: 'upper',
    holderStyle: 'family-given',
    numberStyle: 'plain',
    ibanStyle: 'compact',
    dateStyle: 'numeric',
    fill: { number: 1, iban: 0.95, opened: 0.98 },
  },
  {
    name: 'cards',
    idPrefix: 'CRD',
    coverage: 0.5,
    caseStyle: 'upper',
    holderStyle: 'given-family',
    numberStyle: 'masked',
    ibanStyle: 'compact',
    dateStyle: 'iso',
    fill: { number: 0.95, iban: 0.1, opened: 0.7 },
  },
  {
    name: 'crm',
    idPrefix: 'A-',
    coverage: 0.55,
    caseStyle: 'title',
    holderStyle: 'given-family',
    numberStyle: 'dashed',
    ibanStyle: 'grouped',
    dateStyle: 'month-name',
    fill: { number: 0.8, iban: 0.6, opened: 0.6 },
  },
  {
    name: 'payments',
    idPrefix: 'pay_',
    coverage: 0.45,
    caseStyle: 'title',
    holderStyle: 'family-comma-given',
    numberStyle: 'plain',
    ibanStyle: 'grouped',
    dateStyle: 'numeric-short',
    fill: { number: 0.5, iban: 0.95, opened: 0.3 },
  },
  {
    name: 'risk',
    idPrefix: 'R',
    coverage: 0.35,
    caseStyle: 'lower',
    holderStyle: 'family-given',
    numberStyle: 'plain',
    ibanStyle: 'lower',
    dateStyle: 'compact',
    fill: { number: 0.9, iban: 0.4, opened: 0.9 },
  },
];

const SURNAME_RANKS = new Zipf(SURNAMES.length, 0.75);
const GIVEN_RANKS = new Zipf(GIVEN_NAMES.length, 0.8);

function holderName(holder: Holder, d: AccountDomain, r: Random): string {
  if (holder.kind === 'company') {
    const [canonical, spellings] = LEGAL_SUFFIXES[holder.suffix];
    const roll = r.next();
    const suffix = roll < 0.2 ? '' : roll < 0.6 ? canonical : r.pick(spellings);
    const name = r.chance(0.04) ? misspell(r, holder.name) : holder.name;
    return applyCase(d.caseStyle === 'lower' ? 'lower' : 'upper', suffix ? `${name} ${suffix}` : name);
  }
  const [canonical, nicknames] = GIVEN_NAMES[holder.given];
  let given = nicknames.length > 0 && r.chance(0.08) ? r.pick(nicknames) : canonical;
  let family = holder.family;
  if (r.chance(0.05)) given = misspell(r, given);
  if (r.chance(0.05)) family = misspell(r, family);
  const text =
    d.holderStyle === 'family-given'
      ? `${family} ${given}`
      : d.holderStyle === 'family-comma-given'
        ? `${family}, ${given}`
        : `${given} ${family}`;
  return applyCase(d.caseStyle, text);
}

function ibanText(iban: string, style: AccountDomain['ibanStyle']): string {
  if (style === 'compact') return iban;
  const grouped = iban.replace(/(.{4})(?=.)/g, '$1 ');
  return style === 'lower' ? grouped.toLowerCase() : grouped;
}

function numberText(number: string, style: AccountDomain['numberStyle']): string {
  if (style === 'masked') return `******${number.slice(-6)}`;
  if (style === 'dashed') return number.replace(/(\d{4})(?=\d)/g, '$1-');
  return number;
}

export const ACCOUNT: EntityKind<Account> = {
  entityType: 'account',
  domains: DOMAINS,
  duplicateRate: 0, // one_per_domain: a system holds an account once

  entity(seed, index) {
    const r = new Random(seed, 'account', index);
    const [country, bbanLength] = r.pick(IBAN_COUNTRIES);
    const holder: Holder = r.chance(0.25)
      ? {
          kind: 'company',
          name: `${r.pick(COMPANY_WORDS)} ${r.pick(COMPANY_KINDS)}`,
          suffix: r.int(0, LEGAL_SUFFIXES.length - 1),
        }
      : { kind: 'person', given: GIVEN_RANKS.sample(r), family: SURNAMES[SURNAME_RANKS.sample(r)] };
    return {
      number: `${r.int(1, 9)}${r.digits(r.int(9, 11))}`,
      iban: `${country}${r.digits(2)}${r.digits(bbanLength)}`,
      holder,
      opened: randomDate(r, 1995, 2025),
      currency: r.pick(CURRENCIES),
    };
  },

  render(account, profile, r) {
    const d = profile as AccountDomain;
    const attributes: GeneratedAttributes = { holder_name: holderName(account.holder, d, r) };
    if (r.chance(d.fill.number)) {
      const number = r.chance(0.01) ? digitTypo(r, account.number) : account.number;
      attributes.account_number = numberText(number, d.numberStyle);
    }
    if (r.chance(d.fill.iban)) attributes.iban = ibanText(account.iban, d.ibanStyle);
    if (r.chance(d.fill.opened)) {
      let opened = account.opened;
      if (r.chance(0.04)) {
        // the date the account was activated, a few days after it was opened
        const shifted = new Date(Date.UTC(opened.year, opened.month - 1, opened.day + r.int(1, 5)));
        opened = {
          year: shifted.getUTCFullYear(),
          month: shifted.getUTCMonth() + 1,
          day: shifted.getUTCDate(),
        };
      }
      attributes.opened_on = formatDate(d.dateStyle, 'dmy', opened);
    }
    attributes.currency = d.caseStyle === 'lower' ? account.currency.toLowerCase() : account.currency;
    return attributes;
  },

  change(account, r) {
    if (account.holder.kind === 'company') {
      // re-registered under another legal form
      return { ...account, holder: { ...account.holder, suffix: r.int(0, LEGAL_SUFFIXES.length - 1) } };
    }
    // a married name: the number and the IBAN still tie the records together
    return { ...account, holder: { ...account.holder, family: SURNAMES[r.int(0, SURNAMES.length - 1)] } };
  },
};
