/**
 * Synthetic customers (people) for matchers/customer.yaml: given_name, family_name, email, phone,
 * address.line1/line2/postal_code/city, date_of_birth (month-first) and national_id.
 *
 * Names are drawn by rank with a Zipf law (a few very common surnames, a long tail made up from
 * syllables). Each domain has its habits (letter case, phone and date formats, USPS abbreviations,
 * which fields it collects); each record then gets its own noise: typos and transpositions,
 * nicknames, given and family name swapped, a second email or phone, an old address, missing fields.
 */
import {
  formatDate,
  formatPhone,
  formatStreet,
  randomDate,
  type CalendarDate,
  type DateStyle,
  type PhoneStyle,
  type StreetAddress,
} from '../formats';
import { applyCase, digitTypo, misspell, type CaseStyle } from '../noise';
import { Random, Zipf } from '../random';
import { GIVEN_NAMES, SURNAME_SYLLABLES, SURNAMES } from '../vocabulary/people';
import { CITIES, EMAIL_PROVIDERS, STREET_NAMES, STREET_TYPES, UNIT_TYPES } from '../vocabulary/places';
import type { DomainProfile, EntityKind, GeneratedAttributes } from './entity-kind';

export interface Person {
  readonly given: number;
  readonly family: string;
  readonly middleInitial: string | null;
  readonly dob: CalendarDate;
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly address: Address;
  readonly previousAddress: Address | null;
  readonly ssn: string;
  /** What makes this person's mailboxes theirs alone (see emailOf). */
  readonly mailbox: { readonly index: number; readonly common: boolean };
}

interface Address {
  readonly street: StreetAddress;
  readonly city: number;
  readonly zip: string;
}

interface CustomerDomain extends DomainProfile {
  readonly caseStyle: CaseStyle;
  readonly phoneStyles: readonly PhoneStyle[];
  readonly dateStyle: DateStyle;
  readonly abbreviate: number;
  readonly unitOnLine2: boolean;
  /** Fill rates: the chance the domain has the field for a record. */
  readonly fill: {
    readonly given: number;
    readonly email: number;
    readonly phone: number;
    readonly address: number;
    readonly dob: number;
    readonly ssn: number;
  };
}

const DOMAINS: readonly CustomerDomain[] = [
  {
    name: 'crm',
    idPrefix: 'C-',
    coverage: 0.75,
    caseStyle: 'title',
    phoneStyles: ['paren', 'dash'],
    dateStyle: 'numeric',
    abbreviate: 0.4,
    unitOnLine2: true,
    fill: { given: 0.99, email: 0.85, phone: 0.8, address: 0.9, dob: 0.7, ssn: 0.25 },
  },
  {
    name: 'billing',
    idPrefix: 'BIL',
    coverage: 0.6,
    caseStyle: 'upper',
    phoneStyles: ['e164', 'dash'],
    dateStyle: 'iso',
    abbreviate: 0.95,
    unitOnLine2: false,
    fill: { given: 0.98, email: 0.9, phone: 0.9, address: 0.98, dob: 0.85, ssn: 0.7 },
  },
  {
    name: 'support',
    idPrefix: 'u-',
    coverage: 0.45,
    caseStyle: 'lower',
    phoneStyles: ['plain', 'dot', 'paren'],
    dateStyle: 'numeric-short',
    abbreviate: 0.6,
    unitOnLine2: false,
    fill: { given: 0.9, email: 0.97, phone: 0.6, address: 0.3, dob: 0.2, ssn: 0 },
  },
  {
    name: 'marketing',
    idPrefix: 'mk_',
    coverage: 0.4,
    caseStyle: 'title',
    phoneStyles: ['dash', 'one-dash'],
    dateStyle: 'month-name',
    abbreviate: 0.3,
    unitOnLine2: true,
    fill: { given: 0.85, email: 1, phone: 0.3, address: 0.55, dob: 0.15, ssn: 0 },
  },
  {
    name: 'ecommerce',
    idPrefix: 'shop-',
    coverage: 0.45,
    caseStyle: 'title',
    phoneStyles: ['intl', 'e164'],
    dateStyle: 'compact',
    abbreviate: 0.7,
    unitOnLine2: true,
    fill: { given: 0.97, email: 1, phone: 0.75, address: 0.95, dob: 0.3, ssn: 0 },
  },
];

/** Surname ranks: the table's head, then made-up names; s chosen so the top name is ~2 % of people. */
const SURNAME_RANKS = new Zipf(30_000, 0.75);
const GIVEN_RANKS = new Zipf(GIVEN_NAMES.length, 0.8);

function surname(rank: number): string {
  if (rank < SURNAMES.length) return SURNAMES[rank];
  const r = new Random(rank, 'surname');
  const { start, middle, end } = SURNAME_SYLLABLES;
  return r.pick(start) + r.pick(middle) + r.pick(end);
}

function phoneNumber(random: Random, city: number): string {
  const area = random.pick(CITIES[city].areaCodes);
  let exchange = random.int(200, 999);
  if (exchange % 100 === 11) exchange += 1; // N11 codes are service numbers
  return `${area}${exchange}${random.digits(4)}`;
}

function address(random: Random): Address {
  const city = random.int(0, CITIES.length - 1);
  return {
    street: {
      number: random.chance(0.7) ? random.int(1, 9999) : random.int(10, 99),
      direction: random.chance(0.15) ? random.int(0, 3) : null,
      name: random.pick(STREET_NAMES),
      type: random.int(0, STREET_TYPES.length - 1),
      unit: random.chance(0.3)
        ? {
            type: random.int(0, UNIT_TYPES.length - 1),
            number: `${random.int(1, 40)}${random.chance(0.4) ? random.pick(['A', 'B', 'C', 'D']) : ''}`,
          }
        : null,
    },
    city,
    zip: CITIES[city].zip3 + random.digits(2),
  };
}

/**
 * A mailbox of this person. A provider gives each local part to one person only, so people with
 * common names get a number (the entity's own, so two people never share a mailbox); a rare
 * first/last name combination may go without one.
 */
function emailOf(
  random: Random,
  person: { index: number; common: boolean },
  given: string,
  family: string,
): string {
  const patterns = [
    `${given}.${family}`,
    `${given}${family}`,
    `${given[0]}${family}`,
    `${given}_${family}`,
    `${family}.${given}`,
    `${given}${family[0]}`,
  ];
  const number =
    person.common || random.chance(0.4)
      ? String(1 + ((person.index * 7919 + random.int(0, 6)) % 99_991))
      : '';
  return `${random.pick(patterns)}${number}@${random.pick(EMAIL_PROVIDERS)}`.replace(/[^a-z0-9._@+-]/g, '');
}

function ssn(random: Random): string {
  let area = random.int(1, 899);
  if (area === 666) area = 667;
  return `${String(area).padStart(3, '0')}-${String(random.int(1, 99)).padStart(2, '0')}-${String(random.int(1, 9999)).padStart(4, '0')}`;
}

export const CUSTOMER: EntityKind<Person> = {
  entityType: 'customer',
  domains: DOMAINS,
  duplicateRate: 0.03,

  entity(seed, index) {
    const r = new Random(seed, 'customer', index);
    const given = GIVEN_RANKS.sample(r);
    const familyRank = SURNAME_RANKS.sample(r);
    const family = surname(familyRank);
    const mailbox = { index, common: given < 60 || familyRank < 3000 };
    const dob = randomDate(r, 1940, 2006);
    const home = address(r);
    const givenName = GIVEN_NAMES[given][0];
    const emails = [emailOf(r, mailbox, givenName, family)];
    if (r.chance(0.3)) emails.push(emailOf(r, mailbox, givenName, family));
    const phones = [phoneNumber(r, home.city)];
    if (r.chance(0.35)) phones.push(phoneNumber(r, r.int(0, CITIES.length - 1)));
    return {
      given,
      family,
      middleInitial: r.chance(0.35) ? String.fromCharCode(65 + r.int(0, 25)) : null,
      dob,
      emails,
      phones,
      address: home,
      previousAddress: r.chance(0.1) ? address(r) : null,
      ssn: ssn(r),
      mailbox,
    };
  },

  render(person, profile, r) {
    const d = profile as CustomerDomain;
    const [canonical, nicknames] = GIVEN_NAMES[person.given];
    let given = nicknames.length > 0 && r.chance(0.12) ? r.pick(nicknames) : canonical;
    let family = person.family;
    if (r.chance(0.05)) given = misspell(r, given);
    if (r.chance(0.05)) family = misspell(r, family);
    if (person.middleInitial && r.chance(0.3)) given = `${given} ${person.middleInitial}`;
    if (r.chance(0.02)) [given, family] = [family, given]; // typed into the wrong boxes
    const attributes: GeneratedAttributes = {
      given_name: r.chance(d.fill.given) ? applyCase(d.caseStyle, given) : null,
      family_name: applyCase(d.caseStyle, family),
    };
    if (r.chance(d.fill.email)) {
      let email = r.chance(0.2) ? r.pick(person.emails) : person.emails[0];
      if (r.chance(0.15)) email = email.toUpperCase();
      else if (r.chance(0.1)) email = email[0].toUpperCase() + email.slice(1);
      if (r.chance(0.02)) email = misspell(r, email);
      attributes.email = email;
    }
    if (r.chance(d.fill.phone)) {
      let digits = r.chance(0.25) ? r.pick(person.phones) : person.phones[0];
      if (r.chance(0.02)) digits = digitTypo(r, digits);
      attributes.phone = formatPhone(r.chance(0.85) ? d.phoneStyles[0] : r.pick(d.phoneStyles), digits);
    }
    if (r.chance(d.fill.address)) {
      const place = person.previousAddress && r.chance(0.3) ? person.previousAddress : person.address;
      const { line1, line2 } = formatStreet(r, place.street, d.abbreviate, d.unitOnLine2);
      attributes['address.line1'] = applyCase(d.caseStyle, r.chance(0.03) ? misspell(r, line1) : line1);
      if (line2) attributes['address.line2'] = applyCase(d.caseStyle, line2);
      attributes['address.city'] = applyCase(d.caseStyle, CITIES[place.city].name);
      if (r.chance(0.95)) {
        attributes['address.postal_code'] = r.chance(0.1) ? `${place.zip}-${r.digits(4)}` : place.zip;
      }
    }
    if (r.chance(d.fill.dob)) {
      let dob = person.dob;
      if (r.chance(0.02) && dob.day <= 12) dob = { ...dob, month: dob.day, day: dob.month }; // day/month swapped
      const text = formatDate(d.dateStyle, 'mdy', dob);
      attributes.date_of_birth = r.chance(0.02) ? digitTypo(r, text) : text;
    }
    if (r.chance(d.fill.ssn)) {
      const text = r.chance(0.5) ? person.ssn : person.ssn.replace(/-/g, '');
      attributes.national_id = r.chance(0.01) ? digitTypo(r, text) : text;
    }
    return attributes;
  },

  change(person, r) {
    const what = r.int(0, 2);
    if (what === 0) return { ...person, previousAddress: person.address, address: address(r) };
    if (what === 1) return { ...person, phones: [phoneNumber(r, person.address.city), ...person.phones] };
    const [canonical] = GIVEN_NAMES[person.given];
    return { ...person, emails: [emailOf(r, person.mailbox, canonical, person.family), ...person.emails] };
  },
};
