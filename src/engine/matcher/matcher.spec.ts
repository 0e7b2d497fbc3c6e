import { personConfig } from '../testing/config-factory';
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
});
