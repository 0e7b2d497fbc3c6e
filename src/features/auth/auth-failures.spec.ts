import { AuthFailures } from './auth-failures';

describe('AuthFailures', () => {
  it('blocks an address after `limit` failures within a minute, and only that address', () => {
    const failures = new AuthFailures(3);
    for (let i = 0; i < 3; i++) {
      expect(failures.blocked('10.0.0.1', 1000)).toBe(false);
      failures.record('10.0.0.1', 1000 + i);
    }
    expect(failures.blocked('10.0.0.1', 2000)).toBe(true);
    expect(failures.blocked('10.0.0.2', 2000)).toBe(false);
    expect(failures.blocked('10.0.0.1', 1000 + 60_000)).toBe(false);
  });
});
