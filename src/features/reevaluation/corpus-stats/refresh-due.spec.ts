import { refreshDue } from './refresh-due';

const matcher = { fingerprint: 'f1', statVocabularies: ['name', 'name/q3'] };
const snapshot = (recordCount: number, changes = {}) => ({
  recordCount,
  matcherFingerprint: 'f1',
  vocabularies: ['name', 'name/q3'],
  ...changes,
});
const options = { factor: 2, minRecords: 1000 };

describe('refreshDue', () => {
  it.each<[string, Parameters<typeof refreshDue>, ReturnType<typeof refreshDue>]>([
    ['below the minimum, no snapshot', [matcher, null, 999, options], null],
    ['at the minimum, no snapshot', [matcher, null, 1000, options], 'first'],
    ['grown, but not by the factor', [matcher, snapshot(1000), 1999, options], null],
    ['grown by the factor', [matcher, snapshot(1000), 2000, options], 'grown'],
    ['factor 0: never for growth', [matcher, snapshot(1000), 10_000, { factor: 0, minRecords: 1000 }], null],
    [
      'other normalizers',
      [matcher, snapshot(1000, { matcherFingerprint: 'f0' }), 1000, options],
      'matcher_changed',
    ],
    [
      'another vocabulary',
      [matcher, snapshot(1000, { vocabularies: ['name'] }), 1000, options],
      'matcher_changed',
    ],
    [
      'a matcher that reads no statistics',
      [{ fingerprint: 'f1', statVocabularies: [] }, null, 5000, options],
      null,
    ],
  ])('%s', (_, args, expected) => {
    expect(refreshDue(...args)).toBe(expected);
  });
});
