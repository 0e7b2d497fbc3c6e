/**
 * Failed authentications per client address, in one-minute windows. Past the limit the address is
 * refused (429) before its key is hashed or looked up: guessing keys costs the service nothing
 * and the guesser a minute per `limit` tries. Bounded: at most MAX_ADDRESSES are tracked (the
 * oldest windows go first), so a spray of addresses cannot grow it without end.
 */
const WINDOW_MS = 60_000;
const MAX_ADDRESSES = 100_000;

export class AuthFailures {
  private readonly windows = new Map<string, { since: number; count: number }>();

  constructor(private readonly limit: number) {}

  /** Whether this address has used up its failures for the current window. */
  blocked(address: string, now = Date.now()): boolean {
    const w = this.windows.get(address);
    return w !== undefined && now - w.since < WINDOW_MS && w.count >= this.limit;
  }

  record(address: string, now = Date.now()): void {
    const w = this.windows.get(address);
    if (w && now - w.since < WINDOW_MS) {
      w.count++;
      return;
    }
    this.windows.delete(address); // re-inserted last: Map order is the eviction order
    if (this.windows.size >= MAX_ADDRESSES) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
    this.windows.set(address, { since: now, count: 1 });
  }
}
