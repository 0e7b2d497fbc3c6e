import type { EntityManager } from 'typeorm';

/** Notified when a transaction that appended golden events commits (migration 1764133000000). */
export const GOLDEN_OUTBOX_CHANNEL = 'joinery_golden_outbox';

/** The database URL of the application's data source, for a listener's own connection. */
export function listenerUrl(manager: EntityManager): string {
  const url = (manager.connection.options as { url?: string }).url;
  if (!url) throw new Error('the data source has no url to listen on');
  return url;
}
