/**
 * What `suggest` writes for each kind of field: the attributes (normalizers), the comparison levels
 * and the blocking key parts, following the recipes of docs/matchers.md ("Which comparison for which
 * data"). m/u are left out here; suggest.ts estimates them from the sample.
 */
import type { RawAttribute, RawComparison, RawLevel } from '../config/matcher-config.raw';
import type { FieldProfile } from './profile';

export interface Recipe {
  readonly attributes: Record<string, RawAttribute>;
  readonly comparisons: RawComparison[];
  /** Blocking rules this field brings on its own (name → key parts). */
  readonly rules: Array<{ name: string; keys: string[]; max_block_size?: number }>;
}

const nul: RawLevel = { kind: 'null' };
const exact = (extra: Partial<RawLevel> = {}): RawLevel => ({ kind: 'exact', ...extra });
const metric = (name: string, threshold: number, options?: Record<string, unknown>): RawLevel => ({
  kind: 'metric',
  metric: name,
  threshold,
  ...(options && { options }),
});
const otherwise: RawLevel = { kind: 'else' };
const tf = { term_frequency_adjustment: true };
const edits = (...counts: number[]) => counts.map((n) => metric('damerau_levenshtein', n));
const jw = (...thresholds: number[]) => thresholds.map((t) => metric('jaro_winkler', t));

/** A comparison of one attribute. */
const compare = (name: string, levels: RawLevel[], attribute = name): RawComparison => ({
  name,
  attribute,
  // Fresh level objects: suggest.ts writes m/u into them.
  levels: [nul, ...levels, otherwise].map((level) => ({ ...level })),
});

/** Attribute names are lower_snake_case identifiers; raw field names may not be. */
export function attributeName(field: string): string {
  const name = field
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(name) ? name : `f_${name || 'field'}`;
}

const digitsOrCode = (p: FieldProfile) =>
  p.digitShare >= 0.8 ? ['digits_only'] : ['alnum_only', 'lowercase'];

/** One field on its own. `source` may fold sparse sibling fields into a text attribute. */
export function recipeFor(
  p: FieldProfile,
  source: string[] = [p.name],
  partner?: string,
): Recipe | undefined {
  const a = attributeName(p.name);
  const attr = (normalizers: RawAttribute['normalizers'], pii = false): RawAttribute => ({
    ...(source.length > 1 || source[0] !== a ? { source: source.length === 1 ? source[0] : source } : {}),
    normalizers,
    ...(pii && { pii }),
  });
  const one = (
    normalizers: RawAttribute['normalizers'],
    levels: RawLevel[],
    pii = false,
    rules: Recipe['rules'] = [],
  ) => ({
    attributes: { [a]: attr(normalizers, pii) },
    comparisons: [compare(a, levels)],
    rules,
  });
  switch (p.kind) {
    case 'given_name':
    case 'family_name': {
      const given = p.kind === 'given_name';
      const swapped = partner
        ? [exact({ attributes: given ? [a, partner] : [partner, a], swapped: true })]
        : [];
      const nick = `${a}_nick`;
      return {
        attributes: {
          [a]: attr(['person_name'], true),
          ...(given && {
            [nick]: { source: p.name, normalizers: [{ person_name: { nicknames: true } }], pii: true },
          }),
        },
        comparisons: [
          compare(a, [
            exact(tf),
            ...(given ? [exact({ attribute: nick })] : []),
            ...swapped,
            ...jw(0.92, 0.8),
          ]),
        ],
        rules: [],
      };
    }
    case 'person_name':
      return one(
        ['person_name', { sorted_tokens: {} }],
        [
          exact(tf),
          metric('jaro_winkler', 0.92),
          metric('token_set_ratio', 0.8),
          metric('jaro_winkler', 0.8),
        ],
        true,
        [{ name: a, keys: [`token(${a}, min_length=3)`] }],
      );
    case 'company_name':
      return one(
        ['company_name'],
        [exact(tf), metric('jaro_winkler', 0.92), metric('tfidf_cosine', 0.8), metric('tfidf_cosine', 0.5)],
        false,
        [{ name: a, keys: [`token(${a}, min_length=2, stopwords=english)`] }],
      );
    case 'email':
      return one(['email'], [exact(), ...edits(1)], true, [{ name: a, keys: [`exact(${a})`] }]);
    case 'phone':
      return one(['digits_only'], [exact(), ...edits(1)], true, [{ name: a, keys: [`exact(${a})`] }]);
    case 'date':
      return p.compactDate || p.dateOrder === undefined
        ? one(['digits_only'], [exact(), ...edits(1, 2)], true, [{ name: a, keys: [`exact(${a})`] }])
        : one(
            [{ date: { order: p.dateOrder } }],
            [exact(), ...edits(1), metric('date_diff_days', 365)],
            true,
            [{ name: a, keys: [`exact(${a})`] }],
          );
    case 'identifier':
      return one(
        digitsOrCode(p),
        [exact(), ...edits(1, 2)],
        false,
        p.uniqueness > 0.3 ? [{ name: a, keys: [`exact(${a})`] }] : [],
      );
    case 'postcode':
      return one(digitsOrCode(p), [exact(tf), ...edits(1)]);
    case 'number':
      return one(
        [{ null_if: { values: ['0', '0.0', '0.00'] } }, 'number'],
        [metric('relative_diff', 0.1), metric('relative_diff', 0.3)],
      );
    case 'short_number':
      return one(['digits_only'], [exact()]);
    case 'category':
      return one(['trim', 'lowercase'], [exact()]);
    case 'address':
      return one(
        [{ tokens: {} }],
        [exact(), metric('jaro_winkler', 0.9), metric('tfidf_cosine', 0.6), metric('jaro_winkler', 0.8)],
      );
    case 'locality':
      return one([{ tokens: {} }], [exact(tf), metric('jaro_winkler', 0.88)]);
    case 'title':
      return titleRecipe(a, attr([{ tokens: {} }]), source, p);
    case 'text':
      return one(
        [{ tokens: { stopwords: true } }],
        [metric('tfidf_cosine', 0.6), metric('tfidf_cosine', 0.4), metric('tfidf_cosine', 0.2)],
      );
    default:
      return undefined;
  }
}

/**
 * The `keywords` vocabularies compared in a title, each only where the sample's titles name its words
 * (share of filled values): under that, the comparison is null on nearly every pair and its weights
 * are noise. Colour words also occur in titles by the way ("red hat", "gold edition", "black & white"),
 * so a colour comparison needs them at a rate that says the listings come in colours.
 */
export const TITLE_VOCABULARIES: ReadonlyArray<{ readonly set: string; readonly minShare: number }> = [
  { set: 'platform', minShare: 0.02 },
  { set: 'edition', minShare: 0.02 },
  { set: 'colour', minShare: 0.05 },
];

/**
 * Short free text (product, publication, organisation titles): TF-IDF cosine over character 3-grams
 * (absorbs typos and split words) and over words, the weighted overlap (one side says more), and the
 * codes and versions in the text compared as sets ("office 2003" vs "office 2007" conflict). When the
 * titles name platforms, editions or colours (product listings), those are compared as sets too — a
 * word on both sides that differs is another product ("[mac]" vs "for windows", "standard" vs
 * "professional") — and the codes also read numbers written onto words and roman numerals
 * ("audition2", "warlords iii"), as listings write versions.
 */
function titleRecipe(a: string, attribute: RawAttribute, source: string[], p: FieldProfile): Recipe {
  const grams = { qgram: 3 };
  const codes = `${a}_codes`;
  const parts = `${a}_part_numbers`;
  const from = source.length === 1 ? source[0] : source;
  const withCodes = p.meanTokens >= 2;
  const sets = TITLE_VOCABULARIES.filter(({ set, minShare }) => (p.vocabularies?.[set] ?? 0) >= minShare).map(
    ({ set }) => set,
  );
  const listing = sets.length > 0;
  return {
    attributes: {
      [a]: attribute,
      ...(withCodes && {
        [codes]: {
          source: from,
          normalizers: [listing ? { model_numbers: { split_words: true, roman: true } } : 'model_numbers'],
        },
        // Long part numbers: one shared is strong evidence on its own.
        [parts]: { source: from, normalizers: [{ model_numbers: { min_length: 6 } }] },
      }),
      ...Object.fromEntries(
        sets.map((set) => [`${a}_${set}`, { source: from, normalizers: [{ keywords: { set } }] }]),
      ),
    },
    comparisons: [
      compare(
        `${a}_grams`,
        [0.9, 0.75, 0.6, 0.45, 0.3].map((t) => metric('tfidf_cosine', t, grams)),
        a,
      ),
      compare(
        `${a}_words`,
        [0.9, 0.7, 0.5, 0.3].map((t) => metric('tfidf_cosine', t)),
        a,
      ),
      compare(
        `${a}_overlap`,
        [0.95, 0.8, 0.6].map((t) => metric('tfidf_overlap', t)),
        a,
      ),
      ...(withCodes
        ? [
            compare(codes, [exact(), metric('overlap', 1), metric('overlap', 0.5)]),
            compare(parts, [{ ...metric('overlap', 0.01), label: 'shared_part_number' }]),
          ]
        : []),
      // exact: the same words; overlap 1: one side's all in the other's; else: both name different ones.
      ...sets.map((set) => compare(`${a}_${set}`, [exact(), metric('overlap', 1)])),
    ],
    rules: [{ name: a, keys: [`token(${a}, min_length=2, stopwords=english)`] }],
  };
}
