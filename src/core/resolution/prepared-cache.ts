import type { PreparedRecord } from '../../engine';

/** How many records' prepared forms one instance keeps (~1 KB each for a product). */
export const PREPARED_CACHE_SIZE = 20_000;

/**
 * Parsed prepared forms of stored records, each with the version of the row it was read from
 * (Postgres' `xmin`: the transaction that wrote that row version; every update writes a new one).
 * A read sends the versions it holds and gets the JSON back only for rows that changed since, so
 * an entry can never be stale: a row rewritten by any instance has another `xmin`. Rows written by
 * the reading transaction itself come without a version and are not kept, since that transaction
 * may rewrite them under the same `xmin` (the service uses no savepoints, whose rows would carry a
 * subtransaction's id instead). `xmin` wraps after 2^32 transactions; an entry lives far shorter.
 * Oldest entries are dropped first; forms are shared, so callers must not modify them (none does).
 */
export class PreparedCache {
  private readonly entries = new Map<string, CachedForm>();

  constructor(private readonly size = PREPARED_CACHE_SIZE) {}

  /**
   * The entries held for the records: their versions go with the read, and a row that comes back
   * unchanged takes its form from here (not from the cache, which a concurrent read may have moved on).
   */
  held(recordIds: string[]): Map<string, CachedForm> {
    const held = new Map<string, CachedForm>();
    for (const id of recordIds) {
      const entry = this.entries.get(id);
      if (entry) held.set(id, entry);
    }
    return held;
  }

  keep(recordId: string, version: string, prepared: PreparedRecord): void {
    this.entries.delete(recordId);
    if (this.entries.size >= this.size) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(recordId, { version, prepared });
  }
}

export interface CachedForm {
  readonly version: string;
  readonly prepared: PreparedRecord;
}
