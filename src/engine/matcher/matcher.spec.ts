import { InMemoryCorpusStats } from '../stats/corpus-stats';
import { personConfig } from '../../../test/support/engine/config-factory';
import { compileMatcher } from './matcher';

describe('matcher.candidate', () => {
  const matcher = compileMatcher(
    personConfig((raw) => {
      // A veto level, so a pair can also be refused by a comparison.
      raw.comparisons[1].levels[2] = { kind: 'else', m: 0.1, u: 0.99, veto: true };
    }),
  );
  const person = (first: string, last: string, dob: string | null) =>
    matcher.prepare({ first_name: first, last_name: last, dob });

  it.each([
    ['match', person('Ann', 'Lee', '19800101'), person('Ann', 'Lee', '19800101')],
    ['review', person('Ann', 'Lee', null), person('Anne', 'Lee', null)],
    ['no-match (score)', person('Ann', 'Lee', null), person('Bob', 'Lee', null)],
    ['no-match (rule)', person('Ann', 'Lee', '19800101'), person('Ann', 'Lee', '19900101')],
    ['no-match (veto)', person('Ann', 'Lee', '19800101'), person('Ann', 'Kim', '19800101')],
  ])('%s: what compare says, or undefined for a non-match', (name, a, b) => {
    const compared = matcher.compare(a, b, { blockingKey: 'dob:19800101' });
    const candidate = matcher.candidate(a, b, { blockingKey: 'dob:19800101' });
    expect(compared.decision).toBe(name.split(' ')[0]);
    expect(candidate).toEqual(compared.decision === 'no-match' ? undefined : compared);
    expect(matcher.verdict(a, b)).toBe(compared.decision);
  });

  // The disagreement guard's reading of a pair: too little evidence is not evidence against.
  it.each([
    ['match', person('Ann', 'Lee', '19800101'), person('Ann', 'Lee', '19800101')],
    ['review', person('', 'Lee', null), person('', 'Lee', null)], // only a surname: short of a match
    ['no-match', person('Ann', '', null), person('Bob', '', null)], // the only evidence is against
    ['no-match', person('Ann', 'Lee', '19800101'), person('Ann', 'Lee', '19900101')], // rule
    ['no-match', person('Ann', 'Lee', '19800101'), person('Ann', 'Kim', '19800101')], // veto
  ])('evidence says %s', (expected, a, b) => {
    expect(matcher.evidence(a, b)).toBe(expected);
  });

  it('a pair short of the thresholds but with no evidence against is neutral, not a non-match', () => {
    const a = person('', 'Lee', null);
    const b = person('', 'Lee', null);
    expect(matcher.verdict(a, b)).toBe('no-match');
    expect(matcher.evidence(a, b)).toBe('review');
  });
});

describe('TF-IDF scores follow corpus statistics counted after compilation', () => {
  const config = personConfig((raw) => {
    raw.comparisons.push({
      name: 'city',
      attribute: 'city',
      levels: [
        { kind: null },
        { kind: 'metric', metric: 'tfidf_cosine', threshold: 0.99, m: 0.5, u: 0.01 },
        { kind: 'metric', metric: 'tfidf_cosine', threshold: 0.45, m: 0.3, u: 0.1 },
        { kind: 'else', m: 0.2, u: 0.89 },
      ],
    });
  });

  it('drops the vectors it weighed before the counts changed', () => {
    const stats = new InMemoryCorpusStats();
    const matcher = compileMatcher(config, { stats });
    const a = matcher.prepare({ first_name: 'Ann', city: 'new york' });
    const b = matcher.prepare({ first_name: 'Ann', city: 'new jersey' });
    const before = matcher.compare(a, b);
    for (const city of ['new york', 'new haven', 'new delhi', 'york'])
      stats.add(matcher.statTerms(matcher.prepare({ city })));
    const fresh = compileMatcher(config, { stats });
    expect(matcher.compare(a, b)).toEqual(fresh.compare(a, b));
    // Without counts "new" weighs as much as "york" (cosine 0.5, the middle level); counted, the
    // shared "new" weighs less than the words that differ, and the pair falls to the else level.
    expect(before.explanation.cmp[3].level).toBeLessThan(fresh.compare(a, b).explanation.cmp[3].level);
  });
});
