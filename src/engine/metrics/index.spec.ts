import { METRICS } from './index';

describe('METRICS', () => {
  it('registers every metric under its own name with a kind', () => {
    for (const [name, metric] of METRICS) {
      expect(metric.name).toBe(name);
      expect(['similarity', 'distance']).toContain(metric.kind);
    }
    expect([...METRICS.keys()].sort()).toEqual(
      [
        ...['cosine_tokens', 'damerau_levenshtein', 'date_diff_days', 'exact', 'fuzzy', 'jaccard', 'jaro'],
        ...[
          'jaro_winkler',
          'levenshtein',
          'levenshtein_ratio',
          'longest_common_substring_ratio',
          'monge_elkan',
        ],
        ...[
          'numeric_diff',
          'overlap',
          'ratio',
          'relative_diff',
          'soft_tfidf',
          'tfidf_cosine',
          'tfidf_overlap',
        ],
        ...['token_set_ratio', 'token_sort_ratio'],
      ].sort(),
    );
  });

  const similarities = [...METRICS.values()].filter((m) => m.kind === 'similarity').map((m) => m.name);

  it.each(similarities)('%s scores identical values 1 and stays within [0, 1]', (name) => {
    const compare = METRICS.get(name)!.create({});
    expect(compare('john smith', 'john smith')).toBe(1);
    for (const [a, b] of [
      ['john smith', 'jon smyth'],
      ['acme', 'acme holdings'],
      ['a', ''],
      ['zoë', 'zoe'],
    ]) {
      const s = compare(a, b);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it.each([...METRICS.keys()])('%s rejects unknown options', (name) => {
    expect(() => METRICS.get(name)!.create({ no_such_option: 1 })).toThrow(
      `${name}: unknown option "no_such_option"`,
    );
  });
});
