import { compileMatcher } from '../matcher/matcher';
import { InMemoryCorpusStats } from '../stats/corpus-stats';
import { personConfig } from '../../../test/support/engine/config-factory';
import { priorWeight, probabilityOf } from './fellegi-sunter';

const log2 = Math.log2;
const matcher = compileMatcher(personConfig());
const prepare = (first: string | null, last: string | null, dob: string | null) =>
  matcher.prepare({ first_name: first, last_name: last, dob });

describe('Fellegi-Sunter scoring', () => {
  const prior = priorWeight(0.01);

  it.each<[string, ReturnType<typeof prepare>, ReturnType<typeof prepare>, number[], number]>([
    [
      'all exact',
      prepare('ann', 'lee', '1980'),
      prepare('ann', 'lee', '1980'),
      [1, 1, 1],
      log2(0.8 / 0.01) + log2(0.9 / 0.01) + log2(0.9 / 0.001),
    ],
    [
      'fuzzy first name',
      prepare('anne', 'lee', '1980'),
      prepare('ann', 'lee', '1980'),
      [2, 1, 1],
      log2(0.1 / 0.04) + log2(0.9 / 0.01) + log2(0.9 / 0.001),
    ],
    [
      'dob one edit away',
      prepare('ann', 'lee', '1980'),
      prepare('ann', 'lee', '1981'),
      [1, 1, 2],
      log2(0.8 / 0.01) + log2(0.9 / 0.01) + log2(0.05 / 0.01),
    ],
    [
      'missing values weigh nothing',
      prepare(null, 'lee', null),
      prepare('ann', 'lee', '1980'),
      [0, 1, 0],
      log2(0.9 / 0.01),
    ],
    [
      'disagreement',
      prepare('zed', 'kim', null),
      prepare('ann', 'lee', '1980'),
      [3, 2, 0],
      log2(0.1 / 0.95) + log2(0.1 / 0.99),
    ],
  ])('%s', (_, a, b, levels, comparisons) => {
    expect(matcher.levels(a, b)).toEqual(levels);
    const scored = matcher.compare(a, b);
    expect(scored.score).toBeCloseTo(prior + comparisons, 10);
    expect(scored.probability).toBeCloseTo(probabilityOf(prior + comparisons), 12);
    expect(matcher.weight(a, b)).toBeCloseTo(scored.score, 12);
  });

  it('probability is 2^w / (1 + 2^w)', () => {
    expect(probabilityOf(0)).toBe(0.5);
    expect(probabilityOf(3)).toBeCloseTo(8 / 9, 12);
    expect(priorWeight(0.2)).toBeCloseTo(-2, 12);
  });

  it('explains a pair compactly', () => {
    const scored = matcher.compare(prepare('anne', 'lee', '1980'), prepare('ann', 'lee', '1980'), {
      blockingKey: 'dob:1980',
    });
    expect(scored.explanation).toEqual({
      key: 'dob:1980',
      prior: -6.629,
      cmp: [
        { name: 'first_name', level: 2, label: 'jaro_winkler>=0.9', w: 1.322 },
        { name: 'last_name', level: 1, label: 'exact', w: 6.492 },
        { name: 'dob', level: 1, label: 'exact', w: 9.814 },
      ],
      total: 10.998,
      p: 0.999511,
    });
    expect(JSON.parse(JSON.stringify(scored.explanation))).toEqual(scored.explanation);
  });

  it.each<[string, number, boolean, 'match' | 'review' | 'no-match']>([
    ['above match', 0.95, false, 'match'],
    ['between', 0.7, false, 'review'],
    ['below review', 0.2, false, 'no-match'],
    ['confirmed side needs more', 0.95, true, 'review'],
    ['confirmed above its match', 0.995, true, 'match'],
  ])('decides %s', (_, probability, confirmed, decision) => {
    expect(matcher.decide(probability, confirmed)).toBe(decision);
  });
});

describe('term frequency adjustment', () => {
  const stats = new InMemoryCorpusStats();
  const tf = compileMatcher(personConfig(), { stats });
  const names = [...Array<string>(50).fill('john'), 'xiang', ...Array<string>(49).fill('other')];
  names.forEach((first) => stats.add(tf.statTerms(tf.prepare({ first_name: first }))));

  it.each<[string, number]>([
    ['john', 0.5],
    ['xiang', 0.01],
  ])('an exact match on %s uses u = tf(v)', (name, frequency) => {
    const a = tf.prepare({ first_name: name });
    const part = tf.compare(a, a).explanation.cmp[0];
    expect(part.tf).toBe(frequency);
    expect(part.w).toBeCloseTo(log2(0.8 / frequency), 3);
  });

  it('floors the frequency of a value never counted', () => {
    const a = tf.prepare({ first_name: 'zebedee' });
    expect(tf.compare(a, a).explanation.cmp[0]).toMatchObject({
      tf: 0.01,
      w: Number(log2(0.8 / 0.01).toFixed(3)),
    });
  });

  it('lists the counts a record adds', () => {
    expect(tf.statTerms(tf.prepare({ first_name: 'Ann', last_name: 'Lee' }))).toEqual({
      attributes: ['first_name'],
      values: [['first_name', 'ann']],
      tokens: [],
    });
  });
});

describe('deterministic rules', () => {
  const ruled = compileMatcher(
    personConfig((raw) => {
      raw.rules = [
        { name: 'different_dob', when: { different_non_null: 'dob' }, then: 'no-match' },
        { name: 'same_name_city', when: { all: [{ exact: 'last_name' }, { exact: 'city' }] }, then: 'match' },
        {
          name: 'close_name',
          when: {
            any: [
              { metric: 'jaro_winkler', attribute: 'last_name', at_least: 0.9 },
              { both_null: 'last_name' },
            ],
          },
          then: 'review',
        },
      ];
    }),
  );
  const person = (last: string | null, dob: string | null, city: string | null = null) =>
    ruled.prepare({ first_name: 'x', last_name: last, dob, city });

  it.each<[string, ReturnType<typeof person>, ReturnType<typeof person>, string | undefined, string]>([
    [
      'different dob wins first',
      person('lee', '1980', 'paris'),
      person('lee', '1981', 'paris'),
      'different_dob',
      'no-match',
    ],
    [
      'all of exact name and city',
      person('lee', null, 'paris'),
      person('lee', '1981', 'paris'),
      'same_name_city',
      'match',
    ],
    ['any: metric', person('johnson', null), person('jonson', null), 'close_name', 'review'],
    ['any: both null', person(null, null), person(null, '1990'), 'close_name', 'review'],
    ['no rule: decided by the score', person('lee', '1980'), person('kim', '1980'), undefined, 'match'],
  ])('%s', (_, a, b, rule, decision) => {
    const scored = ruled.compare(a, b);
    expect(scored.explanation.rule).toBe(rule);
    expect(scored.decision).toBe(decision);
  });
});
