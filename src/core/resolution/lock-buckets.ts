/**
 * Maps (entity type, blocking key) to one of 16,384 lock buckets (FNV-1a, 32 bit). Two batches that
 * share a blocking key share its bucket and so serialize; batches on disjoint keys mostly do not.
 * The count matches the rows seeded by the Resolution migration.
 */
export const LOCK_BUCKETS = 16384;

export function lockBucket(entityType: string, key: string): number {
  let hash = 0x811c9dc5;
  const text = `${entityType}\u0000${key}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % LOCK_BUCKETS;
}
