import { InMemoryCorpusStats } from '../stats/corpus-stats';
import { compileMatcher } from '../matcher/matcher';
import { trainMatcher } from '../training/em';
import { weightsToYaml } from '../training/weights-file';
import { MatcherConfigError } from './matcher-config.error';
import { parseMatcherConfig } from './matcher-config.loader';

describe('preset: schema-agnostic', () => {
  it('expands into a config over every field: token blocking with the skew guard, TF-IDF comparisons', () => {
    const config = parseMatcherConfig('preset: schema-agnostic\n', 'thing.yaml');
    expect(config.attributes.get('all_text')?.source).toEqual(['*']);
    expect(config.blocking.rules).toEqual([
      expect.objectContaining({
        name: 'tokens',
        maxBlockSize: 100,
        parts: [expect.objectContaining({ method: 'token', attribute: 'all_text' })],
      }),
    ]);
    expect(config.comparisons.map((c) => c.name)).toEqual(['words', 'grams', 'codes']);
    expect(config.comparisons[0].levels[1]).toMatchObject({ metric: 'tfidf_cosine', threshold: 0.8 });
    expect(config.clustering).toMatchObject({ maxClusterSize: 100, minLinkShare: 0.2, maxDisagreement: 0.5 });
    expect(config.prior).toBe(0.0001);
  });

  it('reads every field of a record, and scores a near-duplicate as a match', () => {
    const stats = new InMemoryCorpusStats();
    const matcher = compileMatcher(parseMatcherConfig('preset: schema-agnostic\n', 'thing.yaml'), { stats });
    const a = matcher.prepare({
      name: 'Acme Widget 3000',
      maker: 'Acme',
      price: 12.5,
      tags: ['blue', 'large'],
    });
    // A brand named twice on both sides (name and maker, title and vendor) counts once since words weigh
    // once (tf: binary): the near-duplicate here differs from a by its price only.
    const b = matcher.prepare({ title: 'acme widget 3000 blue large', vendor: 'ACME' });
    const c = matcher.prepare({ title: 'globex gadget', vendor: 'globex' });
    [a, b, c].forEach((record) => stats.add(matcher.statTerms(record)));
    expect(a.all_text).toBe('acme widget 3000 acme 12 5 blue large');
    expect(a.all_codes).toContain('3000');
    expect(matcher.compare(a, b).decision).toBe('match');
    expect(matcher.compare(a, c).decision).toBe('no-match');
  });

  it('takes overrides and restricts the fields read', () => {
    const config = parseMatcherConfig(
      'preset: schema-agnostic\nfields: [title, brand]\nmax_block_size: 40\nthresholds: { match: 0.8, review: 0.4 }\nclustering: { best_match_only: true }\n',
      'thing.yaml',
    );
    expect(config.attributes.get('all_text')?.source).toEqual(['title', 'brand']);
    expect(config.blocking.maxBlockSize).toBe(40);
    expect(config.thresholds).toMatchObject({ match: 0.8, review: 0.4 });
    expect(config.clustering.bestMatchOnly).toBe(true);
  });

  it.each([
    ['an unknown preset', 'preset: magic\n', /preset/],
    ['a key a preset does not take', 'preset: schema-agnostic\ncomparisons: []\n', /comparisons/],
  ])('rejects %s', (_, yaml, message) => {
    expect(() => parseMatcherConfig(yaml, 'thing.yaml')).toThrow(MatcherConfigError);
    expect(() => parseMatcherConfig(yaml, 'thing.yaml')).toThrow(message);
  });

  it('can be trained: its weights file loads over the preset', () => {
    const config = parseMatcherConfig('preset: schema-agnostic\n', 'thing.yaml');
    const records = Array.from({ length: 120 }, (_, i) => ({
      title: `item ${i % 60} model x${i % 60}`,
      shop: i < 60 ? 'a' : 'b',
    }));
    const weights = trainMatcher(config, records, { uSamplePairs: 5000 });
    const trained = parseMatcherConfig('preset: schema-agnostic\n', 'thing.yaml', {
      weightsText: weightsToYaml(weights),
    });
    expect(trained.trained).toBe(true);
    expect(trained.comparisons[0].levels[1].m).toBeCloseTo(weights.comparisons[0].levels[1]?.m ?? 0, 4);
  });
});
