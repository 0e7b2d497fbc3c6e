import { parseMatcherConfig } from '../config/matcher-config.loader';
import { seededRandom } from '../seeded-random';
import { suggestConfig } from './suggest';

/** People, each once in a CRM list and once, with a typo now and then, in a billing list. */
function twoLists(count: number, duplicatesInCrm = 0) {
  const random = seededRandom(7);
  const word = () =>
    Array.from({ length: 6 }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)]).join('');
  const records: Array<Record<string, string>> = [];
  const domains: string[] = [];
  for (let e = 0; e < count; e++) {
    const person = {
      first_name: word(),
      last_name: word(),
      birth_date: `19${10 + Math.floor(random() * 80)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
    };
    const typo = {
      ...person,
      first_name: random() < 0.3 ? `${person.first_name.slice(0, 5)}x` : person.first_name,
    };
    records.push(person, typo);
    domains.push('crm', 'billing');
    if (e < duplicatesInCrm) {
      records.push({ ...person, last_name: `${person.last_name.slice(0, 5)}y` });
      domains.push('crm');
    }
  }
  return { records, domains };
}

describe('suggestConfig with sources', () => {
  it('writes linkage: across_domains and one_per_domain for two deduplicated lists, saying why', () => {
    const { records, domains } = twoLists(300);
    const { config, yaml, sources } = suggestConfig('person', records, { domains });
    expect(sources).toMatchObject({ linkage: 'across_domains', onePerDomain: true, within: 0 });
    expect(sources?.across).toBeGreaterThan(250);
    expect(config.linkage).toBe('across_domains');
    expect(config.clustering).toMatchObject({ one_per_domain: true });
    expect(yaml).toMatch(/# Sources.*\n# {3}2 sources \(crm: 300, billing: 300\)/);
    expect(yaml).toContain('(linkage: across_domains)');
    expect(parseMatcherConfig(yaml, 'person.yaml').linkage).toBe('across_domains');
  });

  it('keeps across_domains but not one_per_domain when one list repeats a few of its records', () => {
    const { records, domains } = twoLists(300, 15);
    const { config, sources } = suggestConfig('person', records, { domains });
    expect(sources?.within).toBeGreaterThan(10);
    expect(config.linkage).toBe('across_domains');
    expect(config.clustering?.one_per_domain).toBeUndefined();
  });

  it('keeps dedupe when the sources hold duplicates as often as they share records', () => {
    const { records } = twoLists(300);
    // The same records split at random: a pair of one person is as likely inside a source as across.
    const random = seededRandom(3);
    const domains = records.map(() => (random() < 0.5 ? 'x' : 'y'));
    const { config, yaml, sources } = suggestConfig('person', records, { domains });
    expect(sources?.linkage).toBe('dedupe');
    expect(config.linkage).toBeUndefined();
    expect(yaml).toContain('(linkage: dedupe)');
  });

  it('links across two different systems even when one repeats its own records, without one_per_domain', () => {
    const { records, domains } = twoLists(300);
    // Billing lists every customer twice; only the CRM keeps a segment: two systems, not one list dealt.
    const shaped = records.map((r, i) => (domains[i] === 'crm' ? { ...r, segment: 'retail' } : r));
    const copies = shaped.filter((_, i) => domains[i] === 'billing');
    const all = [...shaped, ...copies];
    const { config, sources } = suggestConfig('person', all, {
      domains: [...domains, ...copies.map(() => 'billing')],
    });
    expect(sources?.withinRate).toBeGreaterThan(0.25 * (sources?.acrossRate ?? 0));
    expect(sources?.shape).toMatchObject({ field: 'segment', measure: 'filled', values: [1, 0] });
    expect(config.linkage).toBe('across_domains');
    expect(config.clustering?.one_per_domain).toBeUndefined();
    expect(sources?.reason.join(' ')).toContain(
      "segment is filled on 100 % of crm's records and 0 % of billing's",
    );
  });

  it('follows --linkage when asked, and ignores a single source', () => {
    const { records } = twoLists(100);
    const random = seededRandom(3);
    const domains = records.map(() => (random() < 0.5 ? 'x' : 'y'));
    const asked = suggestConfig('person', records, { domains, linkage: 'across_domains' });
    expect(asked.config.linkage).toBe('across_domains');
    expect(asked.yaml).toContain('as asked (--linkage across_domains)');
    const single = suggestConfig('person', records, { domains: records.map(() => 'only') });
    expect(single.sources).toBeUndefined();
    expect(single.config.linkage).toBeUndefined();
  });
});
