/**
 * Profiles a sample of records field by field — fill rate, cardinality, length, token counts and
 * frequencies, value shapes — and guesses what each field holds, so `suggest` can pick normalizers,
 * blocking keys and comparison levels a person would pick. The guess combines the field's name
 * (`surname`, `dob`, `price`) with what its values look like; the values win when they contradict
 * the name (a `name` column of product titles is text, not a person's name).
 */
import { KEYWORD_SETS, keywords } from '../extract/keywords';

export type FieldKind =
  | 'record_key' // unique per record and named like a key: not evidence
  | 'email'
  | 'phone'
  | 'date'
  | 'given_name'
  | 'family_name'
  | 'person_name' // a full name in one field
  | 'company_name'
  | 'postcode'
  | 'identifier' // codes and ids shared by duplicates (national id, SKU, ISBN)
  | 'number' // amounts, prices, quantities
  | 'short_number' // house numbers and the like: few digits, exact or nothing
  | 'address'
  | 'locality'
  | 'category' // few distinct values (state, gender, type)
  | 'title' // short free text: product, publication, organisation titles
  | 'text' // long free text (descriptions)
  | 'empty';

export interface FieldProfile {
  readonly name: string;
  readonly kind: FieldKind;
  /** Records with a non-blank value. */
  readonly filled: number;
  readonly nullRate: number;
  readonly distinct: number;
  /** distinct / filled. */
  readonly uniqueness: number;
  readonly meanLength: number;
  readonly meanTokens: number;
  /** Share of filled values that are digits only (separators allowed). */
  readonly digitShare: number;
  /** The most frequent tokens with their share of filled values (skew shows up here). */
  readonly topTokens: ReadonlyArray<{ readonly token: string; readonly share: number }>;
  /** For a date: the order of numeric day/month/year, when the values tell. */
  readonly dateOrder?: 'dmy' | 'mdy' | 'ymd';
  /** Dates written as 8 digits (19560909). */
  readonly compactDate?: boolean;
  /**
   * For a title: the share of filled values that name a word of each built-in `keywords` vocabulary
   * (platform, edition, language, colour), so that a vocabulary is compared only where it occurs.
   */
  readonly vocabularies?: Readonly<Record<string, number>>;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^\+?[\d\s().-]{7,20}$/;
const DIGITS = /^[\d\s.,/-]+$/;
const ISO_DATE = /^\d{4}-\d{1,2}-\d{1,2}/;
const NUMERIC_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$/;
const COMPACT_DATE = /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;
const NUMBER = /^[-+]?[$€£¥]?\s*\d[\d,]*(\.\d+)?\s*[$€£¥]?$/;
const LEGAL_FORM =
  /\b(inc|incorporated|ltd|limited|llc|llp|plc|gmbh|ag|sa|sarl|bv|nv|corp|corporation|co|company|group|holdings)\.?$/i;

const hint = (name: string, pattern: RegExp) => pattern.test(name.toLowerCase());
const NAME_HINTS = {
  key: /^(id|_id|key|uuid|guid|rec_?id|record_?id|row_?id|pk)$/,
  email: /e-?mail/,
  phone: /phone|mobile|fax|tel(ephone)?\b|^tel/,
  date: /date|dob|birth|_at$|_on$|^born/,
  given: /given|first_?name|fore_?name|^first$|christian/,
  family: /surname|last_?name|family_?name|^last$/,
  person: /^(full_?)?name$|person|customer_?name|contact|author|owner/,
  company:
    /company|organi[sz]ation|^org|employer|business|firm|vendor|manufacturer|brand|publisher|supplier|^legal_?name/,
  postcode: /zip|post_?code|postal/,
  identifier:
    /(^|_)(id|no|num|number|code|ssn|sec|nin|vat|tax|iban|sku|isbn|ean|gtin|upc|mpn|doi|duns|lei)($|_)|_id$/,
  amount: /price|amount|cost|salary|total|fee|revenue|qty|quantity|weight|size/,
  address: /address|street|addr|line_?\d|road/,
  locality: /city|town|suburb|locality|village|municipality|county|district/,
  title: /title|name|label|product|description|desc|summary|venue|journal/,
};

function dateOrderOf(values: readonly string[]): 'dmy' | 'mdy' | undefined {
  let firstOver12 = 0;
  let secondOver12 = 0;
  for (const value of values) {
    const m = NUMERIC_DATE.exec(value);
    if (!m) continue;
    if (Number(m[1]) > 12) firstOver12++;
    if (Number(m[2]) > 12) secondOver12++;
  }
  return secondOver12 > firstOver12 ? 'mdy' : 'dmy';
}

const share = (values: readonly string[], test: (value: string) => boolean): number =>
  values.length === 0 ? 0 : values.filter(test).length / values.length;

function tokensOf(value: string): string[] {
  return value
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token !== '');
}

/** Text of a raw value as the matcher reads it (arrays joined, objects skipped). */
function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(textOf).filter(Boolean).join(' ') || null;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

export function profileField(name: string, raw: readonly unknown[]): FieldProfile {
  const values = raw.map(textOf).filter((value): value is string => value !== null);
  const filled = values.length;
  const distinct = new Set(values.map((value) => value.toLowerCase())).size;
  const tokenLists = values.map(tokensOf);
  const tokenCounts = new Map<string, number>();
  tokenLists.forEach((tokens) =>
    new Set(tokens).forEach((t) => tokenCounts.set(t, (tokenCounts.get(t) ?? 0) + 1)),
  );
  const topTokens = [...tokenCounts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([token, count]) => ({ token, share: count / Math.max(filled, 1) }));
  const base = {
    name,
    filled,
    nullRate: raw.length === 0 ? 1 : 1 - filled / raw.length,
    distinct,
    uniqueness: filled === 0 ? 0 : distinct / filled,
    meanLength: filled === 0 ? 0 : values.reduce((s, v) => s + v.length, 0) / filled,
    meanTokens: filled === 0 ? 0 : tokenLists.reduce((s, t) => s + t.length, 0) / filled,
    digitShare: share(values, (value) => DIGITS.test(value)),
    topTokens,
  };
  const classified = classify(name, values, base);
  return {
    ...base,
    ...classified,
    ...(classified.kind === 'title' && { vocabularies: vocabularyShares(values) }),
  };
}

function vocabularyShares(values: readonly string[]): Record<string, number> {
  return Object.fromEntries(
    [...KEYWORD_SETS.keys()].map((set) => {
      const found = keywords.create({ set });
      return [set, share(values, (value) => found(value) !== null)];
    }),
  );
}

type Base = Omit<FieldProfile, 'kind' | 'dateOrder' | 'compactDate' | 'vocabularies'>;

function classify(
  name: string,
  values: readonly string[],
  p: Base,
): Pick<FieldProfile, 'kind' | 'dateOrder' | 'compactDate'> {
  if (p.filled === 0 || p.nullRate > 0.95) return { kind: 'empty' };
  const most = (test: (value: string) => boolean) => share(values, test) >= 0.8;
  if (hint(name, NAME_HINTS.key) && p.uniqueness > 0.99) return { kind: 'record_key' };
  if (most((v) => EMAIL.test(v))) return { kind: 'email' };
  if (most((v) => COMPACT_DATE.test(v)) && (hint(name, NAME_HINTS.date) || p.uniqueness > 0.2))
    return { kind: 'date', compactDate: true };
  if (most((v) => ISO_DATE.test(v))) return { kind: 'date', dateOrder: 'ymd' };
  if (most((v) => NUMERIC_DATE.test(v)) && hint(name, NAME_HINTS.date))
    return { kind: 'date', dateOrder: dateOrderOf(values) };
  const digitsOf = (v: string) => v.replace(/\D/g, '').length;
  if (hint(name, NAME_HINTS.phone) && most((v) => PHONE.test(v) && digitsOf(v) >= 7))
    return { kind: 'phone' };
  if (hint(name, NAME_HINTS.postcode)) return { kind: 'postcode' };
  if (hint(name, NAME_HINTS.amount) && most((v) => NUMBER.test(v))) return { kind: 'number' };
  if (p.digitShare >= 0.8) {
    // A few digits with few distinct values (house numbers) cannot identify anything on their own.
    if (p.meanLength <= 4 && p.uniqueness < 0.3) return { kind: 'short_number' };
    if (hint(name, NAME_HINTS.identifier) || (p.meanLength >= 5 && p.uniqueness > 0.3))
      return { kind: 'identifier' };
    if (most((v) => NUMBER.test(v) && /[.,]/.test(v))) return { kind: 'number' };
    if (p.meanLength <= 4) return { kind: 'short_number' };
    return { kind: 'identifier' };
  }
  if (p.distinct <= 50 && p.uniqueness < 0.05) return { kind: 'category' };
  const alphabetic = (v: string) => /^[\p{L}' .-]+$/u.test(v);
  const wordy = most(alphabetic);
  if (hint(name, NAME_HINTS.given) && wordy && p.meanTokens <= 2) return { kind: 'given_name' };
  if (hint(name, NAME_HINTS.family) && wordy && p.meanTokens <= 2.5) return { kind: 'family_name' };
  if (hint(name, NAME_HINTS.company) || share(values, (v) => LEGAL_FORM.test(v)) >= 0.2)
    return { kind: p.meanTokens > 6 ? 'title' : 'company_name' };
  if (hint(name, NAME_HINTS.person) && wordy && p.meanTokens >= 1.5 && p.meanTokens <= 4)
    return { kind: 'person_name' };
  if (hint(name, NAME_HINTS.address)) return { kind: 'address' };
  if (hint(name, NAME_HINTS.locality)) return { kind: 'locality' };
  if (hint(name, NAME_HINTS.identifier) && p.meanTokens <= 2 && /\d/.test(values.join('')))
    return { kind: 'identifier' };
  if (p.meanTokens > 12) return { kind: 'text' };
  return { kind: 'title' };
}

/** Profiles every field that appears in the records (first-seen order). */
export function profileRecords(
  records: ReadonlyArray<Record<string, unknown>>,
  exclude: ReadonlySet<string> = new Set(),
): FieldProfile[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const record of records)
    for (const name of Object.keys(record))
      if (!seen.has(name) && !exclude.has(name)) {
        seen.add(name);
        names.push(name);
      }
  return names.map((name) =>
    profileField(
      name,
      records.map((record) => record[name]),
    ),
  );
}
