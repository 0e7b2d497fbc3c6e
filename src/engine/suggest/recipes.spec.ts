import { profileField } from './profile';
import { recipeFor } from './recipes';

/** 100 titles, `count` of them ending in `word` (the rest in neutral words). */
function titles(extra: Record<string, number>): string[] {
  const words = Object.entries(extra).flatMap(([word, count]) => Array.from({ length: count }, () => word));
  return Array.from(
    { length: 100 },
    (_, i) => `item ${['alpha', 'beta', 'gamma', 'delta'][i % 4]} ${1000 + i} ${words[i] ?? 'thing'}`,
  );
}

describe('recipeFor: a title names platforms, editions, colours', () => {
  it.each<[string, Record<string, number>, string[], boolean]>([
    // [case, words in the sample's titles (per 100), keyword comparisons written, listing codes]
    ['citation-like titles: none', {}, [], false],
    ['platform under 2 %: none', { windows: 1 }, [], false],
    ['platform at 2 %', { windows: 1, mac: 1 }, ['platform'], true],
    ['platform and edition', { 'for windows': 10, 'professional upgrade': 5 }, ['platform', 'edition'], true],
    ['colour at 4 % (by the way: "red hat"): none', { red: 4 }, [], false],
    ['colour at 5 %', { black: 3, 'white edition': 2 }, ['colour'], true],
    ['all three', { mac: 5, deluxe: 5, silver: 5 }, ['platform', 'edition', 'colour'], true],
  ])('%s', (_, words, sets, listing) => {
    const recipe = recipeFor(profileField('title', titles(words)))!;
    const keywordComparisons = recipe.comparisons.filter((c) => /_(platform|edition|colour)$/.test(c.name));
    expect(keywordComparisons.map((c) => c.name)).toEqual(sets.map((set) => `title_${set}`));
    for (const set of sets) {
      expect(recipe.attributes[`title_${set}`]).toEqual({
        source: 'title',
        normalizers: [{ keywords: { set } }],
      });
      // exact, one side's words all in the other's, and else: a word on both sides that differs.
      expect(recipe.comparisons.find((c) => c.name === `title_${set}`)!.levels).toEqual([
        { kind: 'null' },
        { kind: 'exact' },
        { kind: 'metric', metric: 'overlap', threshold: 1 },
        { kind: 'else' },
      ]);
    }
    expect(recipe.attributes.title_codes.normalizers).toEqual([
      listing ? { model_numbers: { split_words: true, roman: true } } : 'model_numbers',
    ]);
  });

  it('reads the vocabularies from the titles only', () => {
    expect(profileField('title', titles({ mac: 3 })).vocabularies).toEqual({
      platform: 0.03,
      edition: 0,
      language: 0,
      colour: 0,
    });
    expect(profileField('surname', ['black', 'white', 'gray']).vocabularies).toBeUndefined();
  });
});
