import { compileMatcher, fingerprintOf } from './matcher';
import { personConfig } from '../../../test/support/engine/config-factory';

describe('prepare', () => {
  const matcher = compileMatcher(
    personConfig((raw) => {
      raw.attributes.full_name = { source: ['first_name', 'last_name'], normalizers: [{ tokens: {} }] };
      raw.attributes.zip = { source: 'address.zip', normalizers: ['digits_only'] };
    }),
  );

  it.each<[string, Record<string, unknown>, Record<string, string | null>]>([
    [
      'normalizes each attribute',
      { first_name: ' Ann ', last_name: "O'Brien", dob: '1980-01-02' },
      { first_name: 'ann', last_name: 'obrien', dob: '19800102' },
    ],
    ['joins several source fields', { first_name: 'Ann', last_name: 'Lee' }, { full_name: 'ann lee' }],
    ['reads nested fields', { address: { zip: '02-134' } }, { zip: '02134' }],
    [
      'missing and blank values are null',
      { first_name: '  ', dob: undefined },
      { first_name: null, dob: null, full_name: null },
    ],
    ['numbers are text', { dob: 19800102 }, { dob: '19800102' }],
  ])('%s', (_, raw, expected) => {
    expect(matcher.prepare(raw)).toMatchObject(expected);
  });

  it('is JSON round-trippable and compares the same after a round trip', () => {
    const a = matcher.prepare({ first_name: 'Ann', last_name: 'Lee', dob: '1980' });
    const b = matcher.prepare({ first_name: 'Anne', last_name: 'Lee', dob: '1980' });
    const stored = JSON.parse(JSON.stringify(a)) as typeof a;
    expect(matcher.compare(stored, b)).toEqual(matcher.compare(a, b));
  });

  it('fingerprints the preparation, not the weights', () => {
    const base = personConfig();
    expect(fingerprintOf(personConfig((raw) => (raw.prior = 0.5)))).toBe(fingerprintOf(base));
    expect(fingerprintOf(personConfig((raw) => (raw.attributes.dob.normalizers = ['trim'])))).not.toBe(
      fingerprintOf(base),
    );
  });
});
