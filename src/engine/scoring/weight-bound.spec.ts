import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { SyntheticDataset } from '../../cli/generator';
import { loadMatcherConfig } from '../config/matcher-config.loader';
import type { ComparisonConfig, LevelConfig } from '../config/matcher-config.types';
import { compileMatcher } from '../matcher/matcher';
import { InMemoryCorpusStats } from '../stats/corpus-stats';
import { compileWeightBound, reviewWeight } from './weight-bound';

const level = (kind: LevelConfig['kind'], metric?: string, metricOptions?: Record<string, unknown>) =>
  ({ kind, metric, metricOptions }) as LevelConfig;
const comparison = (name: string, ...levels: LevelConfig[]) =>
  ({ name, levels }) as unknown as ComparisonConfig;

describe('compileWeightBound', () => {
  const comparisons = [
    comparison('soft', level('null'), level('metric', 'soft_tfidf'), level('else')),
    comparison('grams', level('metric', 'tfidf_cosine', { qgram: 3 }), level('else')),
    comparison('exact', level('exact'), level('else')),
    comparison('words', level('metric', 'tfidf_cosine'), level('else')),
    comparison('price', level('metric', 'relative_diff'), level('else')),
  ];

  it.each([
    ['cheapest first, config order among equals', [1, 2, 3, 4, 5], [2, 4, 3, 1, 0], [15, 12, 7, 3, 1, 0]],
    [
      'an unbounded weight is never a reason to skip',
      [1, NaN, 1, 1, 1],
      [2, 4, 3, 1, 0],
      [Infinity, Infinity, Infinity, Infinity, 1, 0],
    ],
  ])('%s', (_, maxWeights, order, rest) => {
    const bound = compileWeightBound(comparisons, maxWeights);
    expect(bound.order).toEqual(order);
    expect([...bound.rest]).toEqual(rest);
    expect(bound.firstCheck).toBe(1); // the exact comparison needs no check before it
  });

  it.each([
    [0.5, 0],
    [0.2, Math.log2(0.25)],
    [0, -Infinity],
    [1, -Infinity],
  ])('review %p starts at weight %p', (review, weight) => {
    expect(reviewWeight(review)).toBeCloseTo(weight, 12);
  });
});

describe('matcher.candidate with the weight bound', () => {
  // Generated products through the product matcher: every candidate pair of a title-word block
  // gets exactly what `compare` says, or undefined for a non-match, with and without statistics.
  const config = loadMatcherConfig(path.resolve(__dirname, '../../../matchers'), 'product');
  const dataset = new SyntheticDataset({ entityType: 'product', records: 300, domains: 4, seed: 3 });
  const attributes = [...dataset.events()].flatMap((e) =>
    e.op === 'upsert' && e.attributes ? [e.attributes] : [],
  );

  it.each([false, true])('statistics %p: candidate is compare or undefined on every pair', (withStats) => {
    const plain = compileMatcher(config);
    const stats = new InMemoryCorpusStats();
    if (withStats) for (const a of attributes) stats.add(plain.statTerms(plain.prepare(a)));
    const matcher = compileMatcher(config, withStats ? { stats } : {});
    const records = attributes.map((a) => matcher.prepare(a));
    const decisions = { match: 0, review: 0, 'no-match': 0 };
    // One expect over the disagreements, not one per pair: 45k expects cost more than the scoring.
    const disagreements: Array<[number, number]> = [];
    for (let i = 0; i < records.length; i++) {
      for (let j = 0; j < i; j++) {
        const compared = matcher.compare(records[j], records[i]);
        const candidate = matcher.candidate(records[j], records[i]);
        decisions[compared.decision]++;
        const agrees =
          compared.decision === 'no-match' ? candidate === undefined : isDeepStrictEqual(candidate, compared);
        if (!agrees) disagreements.push([j, i]);
      }
    }
    expect(disagreements).toEqual([]);
    expect(decisions.match).toBeGreaterThan(0);
    expect(decisions.review).toBeGreaterThan(0);
  });
});
