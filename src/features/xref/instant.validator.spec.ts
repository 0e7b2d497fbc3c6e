import { isInstant } from './instant.validator';

describe('isInstant', () => {
  it.each([
    ['2026-11-25T10:00:00Z', true],
    ['2026-11-25T10:00:00.123456Z', true],
    ['2026-11-25T10:00:00.1+02:00', true],
    ['2026-11-25t10:00:00z', true],
    ['2024-02-29T00:00:00Z', true],
    ['2026-11-25T10:00:00', false], // no offset: ambiguous
    ['2026-11-25', false],
    ['2026-11-25T10:00:00.1234567Z', false], // beyond PostgreSQL's microseconds
    ['2026-02-30T00:00:00Z', false],
    ['2026-13-01T00:00:00Z', false],
    ['2026-01-01T24:00:00Z', false],
    ['2026-01-01T23:60:00Z', false],
    ['2026-01-01T23:59:60Z', false],
    ['2026-01-01T00:00:00+16:00', false],
    ['yesterday', false],
    [20261125, false],
  ])('%s → %s', (value, expected) => {
    expect(isInstant(value)).toBe(expected);
  });
});
