/**
 * keywords: the words of a closed vocabulary found in free text, each mapped to its group's name —
 * the platform or the edition a product title names ("photoshop cs3 [mac] upgrade" → "mac upgrade";
 * "money prem 2007" → "premium"). Two titles that share every other word can still differ in the
 * one that matters: "windows" vs "mac", "standard" vs "professional", a full version vs an upgrade.
 * This is the "key attributes" extraction of product matching (Köpcke, Thor & Rahm, "Evaluation of
 * entity resolution approaches on real-world match problems", PVLDB 2010, and the title-attribute
 * extraction of van Bezu et al. 2015), reduced to a word list: compare the result as a set (`exact`,
 * `overlap` ≥ 1 when one side's words are all in the other's, `else` when both name different ones).
 *
 * Options: `set` (a built-in vocabulary: `platform`, `edition`, `language`, `colour`), `groups` (your own: a map from the
 * group's name to the words or two-word phrases that mean it, e.g. `{ organic: [organic, bio] }`),
 * or both (merged). Matching is on whole tokens after the `tokens` folding (lowercase, accents off,
 * split on non-alphanumerics). Output: the distinct group names found, sorted and joined by one
 * space, or null when none is.
 */
import type { NormalizerDefinition } from '../normalizers/normalizer';
import { checkKnownOptions, fail } from '../normalizers/options';
import { foldCase, splitAlnum } from '../normalizers/text';

type Vocabulary = Readonly<Record<string, readonly string[]>>;

/** Operating systems as catalogues write them; "pc" is Windows in a software title. */
const PLATFORM: Vocabulary = {
  windows: ['windows', 'win', 'win32', 'win64', 'winxp', 'pc', 'xp', 'vista'],
  mac: ['mac', 'macintosh', 'osx', 'os x', 'macos', 'mac os'],
  linux: ['linux'],
  unix: ['unix', 'solaris', 'aix', 'hp ux'],
  netware: ['netware'],
};

/** Editions and licence kinds: the words that make two listings of one product line differ. */
const EDITION: Vocabulary = {
  upgrade: ['upgrade', 'upg', 'upgrd', 'update', 'upsell'],
  full: ['full version', 'full product'],
  oem: ['oem'],
  standard: ['standard', 'std'],
  professional: ['professional', 'pro', 'prof'],
  premium: ['premium', 'prem'],
  deluxe: ['deluxe', 'dlx', 'dlux'],
  home: ['home'],
  basic: ['basic'],
  enterprise: ['enterprise'],
  ultimate: ['ultimate'],
  academic: ['academic', 'acad', 'student', 'edu', 'education', 'teacher'],
  small_business: ['small business', 'sbs', 'sbe'],
  extended: ['extended'],
  express: ['express'],
  platinum: ['platinum'],
  gold: ['gold'],
  lite: ['lite', 'le'],
};

/** Languages a listing is sold in ("windows vista business spanish", "instant immersion french"). */
const LANGUAGE: Vocabulary = {
  english: ['english', 'eng'],
  spanish: ['spanish', 'espanol'],
  french: ['french', 'francais'],
  german: ['german', 'deutsch'],
  italian: ['italian', 'italiano'],
  portuguese: ['portuguese'],
  dutch: ['dutch'],
  japanese: ['japanese'],
  chinese: ['chinese', 'mandarin'],
  korean: ['korean'],
  russian: ['russian'],
  arabic: ['arabic'],
};

/** Colours, the variant that most often tells two listings of one model apart; shop spellings folded. */
const COLOUR: Vocabulary = {
  black: ['black', 'noir', 'schwarz', 'negro'],
  white: ['white', 'blanc', 'weiss'],
  gray: ['gray', 'grey', 'graphite', 'gris'],
  silver: ['silver'],
  blue: ['blue', 'bleu', 'navy', 'blau', 'azul'],
  red: ['red', 'rouge', 'rot', 'rojo'],
  green: ['green', 'vert', 'gruen'],
  yellow: ['yellow', 'jaune', 'gelb'],
  orange: ['orange'],
  pink: ['pink', 'rose'],
  purple: ['purple', 'violet'],
  brown: ['brown', 'marron'],
  gold: ['gold'],
  beige: ['beige'],
};

export const KEYWORD_SETS: ReadonlyMap<string, Vocabulary> = new Map([
  ['platform', PLATFORM],
  ['edition', EDITION],
  ['language', LANGUAGE],
  ['colour', COLOUR],
]);

function readGroups(options: Record<string, unknown>): Vocabulary {
  const groups = options.groups;
  if (groups === undefined) return {};
  const valid =
    typeof groups === 'object' &&
    groups !== null &&
    !Array.isArray(groups) &&
    Object.values(groups).every((words) => Array.isArray(words) && words.every((w) => typeof w === 'string'));
  if (!valid) fail('keywords', 'groups', 'a map from a group name to a list of words', groups);
  return groups as Vocabulary;
}

/** Word or two-word phrase (folded as the text is) → group name. */
function lookupTable(vocabularies: readonly Vocabulary[]): Map<string, string> {
  const table = new Map<string, string>();
  for (const vocabulary of vocabularies)
    for (const [group, words] of Object.entries(vocabulary))
      for (const word of words) table.set(splitAlnum(foldCase(word)).join(' '), group);
  return table;
}

export const keywords: NormalizerDefinition = {
  name: 'keywords',
  description:
    'The words of a vocabulary (`set`: platform, edition, language, colour; or your `groups`) found in the text, as their group names.',
  create(options) {
    checkKnownOptions('keywords', options, ['set', 'groups']);
    const vocabularies: Vocabulary[] = [];
    if (options.set !== undefined) {
      const set = typeof options.set === 'string' ? KEYWORD_SETS.get(options.set) : undefined;
      if (!set) fail('keywords', 'set', `one of ${[...KEYWORD_SETS.keys()].join(', ')}`, options.set);
      vocabularies.push(set);
    }
    vocabularies.push(readGroups(options));
    const table = lookupTable(vocabularies);
    if (table.size === 0) throw new Error('keywords: give a `set` or `groups`');
    return (value) => {
      const words = splitAlnum(foldCase(value));
      const found = new Set<string>();
      words.forEach((word, i) => {
        const single = table.get(word);
        if (single !== undefined) found.add(single);
        const pair = i + 1 < words.length ? table.get(`${word} ${words[i + 1]}`) : undefined;
        if (pair !== undefined) found.add(pair);
      });
      return found.size === 0 ? null : [...found].sort().join(' ');
    };
  },
};
