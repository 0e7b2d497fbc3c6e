import { compileMatcher } from '../matcher/matcher';
import { personConfig } from '../../../test/support/engine/config-factory';
import { trainMatcher } from './em';
import { estimateLambdaFromRules, parseDeterministicRule } from './lambda-rules';
import { seededRandom } from '../seeded-random';
import { totalPairs } from './u-sampling';
import { describeWeights } from './weights-report';

/** 200 people, two records each; the copy's first name gets a typo now and then. */
function people(count: number) {
  const random = seededRandom(3);
  const word = () =>
    Array.from({ length: 6 }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)]).join('');
  const records: Array<Record<string, string>> = [];
  for (let e = 0; e < count; e++) {
    const person = {
      first_name: word(),
      last_name: word(),
      dob: `19${10 + (e % 80)}0${1 + (e % 9)}1${e % 7}`,
    };
    records.push(person, {
      ...person,
      first_name: random() < 0.3 ? `${person.first_name.slice(0, 5)}x` : person.first_name,
    });
  }
  return records;
}

describe('training diagnostics', () => {
  const records = people(200);
  const config = (thresholds: { match: number; review: number }) =>
    personConfig((raw) => {
      raw.rules = [];
      raw.blocking = { max_block_size: 50, rules: [{ name: 'last', keys: ['prefix(last_name, 2)'] }] };
      raw.thresholds = thresholds;
    });

  it.each([
    ['reachable thresholds', { match: 0.9, review: 0.5 }, [], []],
    [
      'an unreachable match threshold',
      { match: 1, review: 0.5 },
      [/match threshold 1 cannot be reached/],
      [],
    ],
    [
      'thresholds so low that everything links',
      { match: 1e-30, review: 1e-30 },
      [],
      [/random pairs would link/],
    ],
  ])('%s', (_, thresholds, errors: RegExp[], warnings: RegExp[]) => {
    const { diagnostics } = trainMatcher(config(thresholds), records, { uSamplePairs: 20_000 });
    expect(diagnostics.errors).toHaveLength(errors.length);
    errors.forEach((error, i) => expect(diagnostics.errors[i]).toMatch(error));
    warnings.forEach((warning) => expect(diagnostics.warnings.join('\n')).toMatch(warning));
    expect(diagnostics.histogram.reduce((sum, band) => sum + band.pairs, 0)).toBe(diagnostics.blockedPairs);
  });

  it('counts the pairs crossing each threshold near the true number of matches', () => {
    const trained = trainMatcher(config({ match: 0.9, review: 0.5 }), records, { uSamplePairs: 20_000 });
    const [match, review] = trained.diagnostics.thresholds;
    expect(match.pairs).toBeGreaterThan(180);
    expect(match.pairs).toBeLessThan(220);
    expect(review.pairs).toBeGreaterThanOrEqual(match.pairs);
    const report = describeWeights(trained).join('\n');
    expect(report).toMatch(/match ≥ 0.9: \d+ blocked pairs/);
    expect(report).toContain('(EM)');
  });

  it('sets λ from deterministic rules, scaled by their recall', () => {
    const rules = { rules: [parseDeterministicRule('exact(last_name) & exact(dob)')], recall: 0.5 };
    const untrained = config({ match: 0.9, review: 0.5 });
    const matcher = compileMatcher(untrained);
    const estimate = estimateLambdaFromRules(
      untrained,
      records.map((r) => matcher.prepare(r)),
      rules,
    );
    expect(estimate.pairs).toBe(200);
    expect(estimate.lambda).toBeCloseTo((2 * 200) / totalPairs(400), 12);
    const trained = trainMatcher(untrained, records, { uSamplePairs: 20_000, lambdaRules: rules });
    expect(trained.lambdaSource).toBe('rules');
    expect(trained.prior).toBeCloseTo(estimate.lambda, 12);
    expect(describeWeights(trained).join('\n')).toContain('from deterministic rules: 200 pairs, recall 0.5');
  });

  it('rejects a deterministic rule on an unknown attribute', () => {
    const untrained = config({ match: 0.9, review: 0.5 });
    expect(() => trainMatcher(untrained, records, { lambdaRules: { rules: [['exact(ssn)']] } })).toThrow(
      /unknown attribute "ssn"/,
    );
  });
});
