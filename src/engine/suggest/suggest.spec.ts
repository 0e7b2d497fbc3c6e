import { parseMatcherConfig } from '../config/matcher-config.loader';
import { linkRecords } from '../linkage/batch-linkage';
import { compileMatcher } from '../matcher/matcher';
import { seededRandom } from '../seeded-random';
import { suggestConfig } from './suggest';

/** People with a duplicate each: typos in names, a missing phone now and then, a record id. */
function people(count: number) {
  const random = seededRandom(5);
  const word = () =>
    Array.from({ length: 6 }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)]).join('');
  const records: Array<Record<string, string | null>> = [];
  const entity: number[] = [];
  for (let e = 0; e < count; e++) {
    const person = {
      id: `r${2 * e}`,
      first_name: word(),
      last_name: word(),
      birth_date: `19${10 + Math.floor(random() * 80)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
      phone: `+1 555 ${100 + Math.floor(random() * 900)} ${1000 + Math.floor(random() * 9000)}`,
      state: ['ny', 'ca', 'tx'][e % 3],
    };
    const copy = {
      ...person,
      id: `r${2 * e + 1}`,
      first_name: random() < 0.3 ? `${person.first_name.slice(0, 5)}x` : person.first_name,
      phone: random() < 0.2 ? null : person.phone,
    };
    records.push(person, copy);
    entity.push(e, e);
  }
  return { records, entity };
}

describe('suggestConfig', () => {
  const { records, entity } = people(300);
  const suggestion = suggestConfig('person', records);

  it('writes a config the loader accepts, with the recipe of each field kind', () => {
    const config = parseMatcherConfig(suggestion.yaml, 'person.yaml');
    expect(suggestion.profiles.map((p) => [p.name, p.kind])).toEqual([
      ['id', 'record_key'],
      ['first_name', 'given_name'],
      ['last_name', 'family_name'],
      ['birth_date', 'date'],
      ['phone', 'phone'],
      ['state', 'category'],
    ]);
    expect(config.comparisons.map((c) => c.name)).toEqual([
      'first_name',
      'last_name',
      'birth_date',
      'phone',
      'state',
    ]);
    expect(config.blocking.rules.map((r) => r.name)).toEqual(['birth_date', 'phone', 'names']);
    expect(config.comparisons[0].levels.map((l) => l.label)).toEqual([
      'null',
      'exact',
      'exact(first_name_nick)',
      'exact(first_name,last_name) swapped',
      'jaro_winkler>=0.92',
      'jaro_winkler>=0.8',
      'else',
    ]);
    expect(config.clustering).toMatchObject({
      maxClusterSize: 100,
      minLinkShare: 0.2,
      maxDisagreement: 0.5,
      bestMatchOnly: false,
    });
    expect(config.attributes.get('first_name')?.pii).toBe(true);
  });

  it('estimates m/u and λ on the sample, and the untouched config links the duplicates', () => {
    expect(suggestion.trained).toBe(true);
    expect(suggestion.yaml).toContain('m, u and prior estimated on the sample by EM');
    const matcher = compileMatcher(parseMatcherConfig(suggestion.yaml, 'person.yaml'));
    const { links } = linkRecords(
      matcher,
      records.map((record) => matcher.prepare(record)),
    );
    const correct = links.filter(({ i, j }) => entity[i] === entity[j]).length;
    expect(correct / links.length).toBeGreaterThan(0.97);
    expect(correct / 300).toBeGreaterThan(0.95);
  });

  it('folds a sparse company field into the title text and lets titles-only candidates compete', () => {
    const random = seededRandom(9);
    const products = Array.from({ length: 200 }, (_, i) => ({
      title: `product ${['alpha', 'beta', 'gamma', 'delta'][i % 4]} edition ${i} ${random() < 0.5 ? 'pro' : 'home'}`,
      manufacturer: i % 5 === 0 ? ['acme', 'globex'][i % 2] : null,
    }));
    const { config, yaml } = suggestConfig('product', products);
    // "pro" / "home" in every title: the edition is compared as well (recipes.spec.ts).
    expect(Object.keys(config.attributes)).toEqual([
      'title',
      'title_codes',
      'title_part_numbers',
      'title_edition',
    ]);
    expect(config.attributes.title.source).toEqual(['title', 'manufacturer']);
    expect(config.clustering).toMatchObject({ best_match_only: true, best_match_rounds: 2 });
    expect(yaml).not.toContain('*a1'); // no YAML aliases: each attribute reads as written
    expect(yaml).toContain('title: { source: [ title, manufacturer ]');
  });
});
