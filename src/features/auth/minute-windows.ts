/**
 * Counts per key in one-minute windows, each starting at the key's first count after the last one
 * ended: the one algorithm of both per-minute limits, failed authentications per client address
 * (AuthGuard) and requests per API key (RateLimitGuard). A count is a map lookup and an increment,
 * nothing per request grows (the window is a counter, not a log of hit times). Bounded: at most
 * MAX_KEYS are tracked (the oldest windows go first), so a spray of addresses cannot grow it
 * without end.
 */
export const WINDOW_MS = 60_000;
const MAX_KEYS = 100_000;

interface Window {
  since: number;
  count: number;
}

export class MinuteWindows {
  private readonly windows = new Map<string, Window>();

  constructor(readonly limit: number) {}

  /** Whether this key has used up its `limit` counts in the current window. */
  exhausted(key: string, now = Date.now()): boolean {
    const w = this.windows.get(key);
    return w !== undefined && now - w.since < WINDOW_MS && w.count >= this.limit;
  }

  /** Counts one for `key`; returns the count of its window so far, this one included. */
  record(key: string, now = Date.now()): number {
    const w = this.windows.get(key);
    if (w && now - w.since < WINDOW_MS) return ++w.count;
    this.windows.delete(key); // re-inserted last: Map order is the eviction order
    if (this.windows.size >= MAX_KEYS) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
    this.windows.set(key, { since: now, count: 1 });
    return 1;
  }

  /** Milliseconds until the key's current window ends (0 when it has none). */
  resetsIn(key: string, now = Date.now()): number {
    const w = this.windows.get(key);
    return w === undefined ? 0 : Math.max(0, w.since + WINDOW_MS - now);
  }
}
