/**
 * person_name: canonical form of a personal name for comparison and blocking.
 *
 * Steps, in the order record-linkage practice recommends (Christen, "Data Matching", 2012, ch. 3):
 * lowercase and fold accents; drop apostrophes so "O'Brien" and "OBrien" agree; turn every other
 * non-alphanumeric run into one space, so initials stay separate tokens ("J.R. Smith" → "j r smith");
 * remove honorifics and generational/academic suffixes wherever they appear, since the order of
 * a name is not reliable ("Smith, John Jr."); optionally map nicknames to their canonical given
 * name (nicknames.ts). Every token is looked up, since we cannot tell the given name from the
 * surname; the table leaves out nicknames that are common surnames ("ward").
 *
 * Options: `nicknames` (boolean, default false), `remove_titles` (boolean, default true).
 */
import { NICKNAMES } from './nicknames';
import type { NormalizerDefinition } from './normalizer';
import { checkKnownOptions, readBoolean } from './options';
import { foldCase, splitAlnum } from './text';

const APOSTROPHES = /['’ʼ‘`´]/g;

/** Honorifics, titles and suffixes. "v", "do", "hon" and "don" are deliberately absent (an initial, surnames, a name). */
export const NAME_TITLES: ReadonlySet<string> = new Set([
  // honorifics and titles
  ...['mr', 'mrs', 'ms', 'miss', 'mx', 'master', 'dr', 'doctor', 'prof', 'professor', 'sir', 'dame'],
  ...['lord', 'lady', 'rev', 'revd', 'reverend', 'honorable', 'honourable', 'fr', 'pastor'],
  ...['capt', 'captain', 'col', 'gen', 'lt', 'sgt', 'maj', 'cpl', 'pvt', 'adm', 'cmdr'],
  ...['mme', 'mlle', 'herr', 'frau', 'sra', 'srta', 'sr', 'snr'],
  // generational and academic / professional suffixes
  ...['jr', 'jnr', 'ii', 'iii', 'iv', '2nd', '3rd', 'phd', 'md', 'dds', 'dmd', 'esq', 'esquire'],
  ...['cpa', 'mba', 'rn', 'jd', 'llb', 'llm', 'bsc', 'msc', 'dphil', 'obe', 'mbe', 'cbe', 'kbe', 'ret'],
]);

export const personName: NormalizerDefinition = {
  name: 'person_name',
  description: 'Lowercases, folds accents and punctuation, drops titles/suffixes; option `nicknames`.',
  create(options) {
    const owner = 'person_name';
    checkKnownOptions(owner, options, ['nicknames', 'remove_titles']);
    const useNicknames = readBoolean(owner, options, 'nicknames', false);
    const removeTitles = readBoolean(owner, options, 'remove_titles', true);
    return (value) => {
      const tokens = splitAlnum(foldCase(value).replace(APOSTROPHES, ''));
      let out = '';
      for (const token of tokens) {
        if (removeTitles && NAME_TITLES.has(token)) continue;
        const canonical = useNicknames ? (NICKNAMES.get(token) ?? token) : token;
        out = out.length === 0 ? canonical : `${out} ${canonical}`;
      }
      return out.length === 0 ? null : out;
    };
  },
};
