import { EntityManager } from 'typeorm';

/** One source-record change that ingestion has just written, inside the open transaction. */
export interface AppliedChange {
  recordId: string;
  entityType: string;
  domain: string;
  sourceId: string;
  op: 'upsert' | 'delete';
  /** Current attributes after the change; null for a delete. */
  attributes: Record<string, unknown> | null;
  references: unknown[];
  eventId: string;
  occurredAt: Date;
}

/**
 * Resolution hooks into ingestion here: ingestion calls `onRecordsChanged` with the same
 * EntityManager, in the same transaction as the source-record writes, so a record is never stored
 * without its links (or the reverse). It returns each changed record's golden id (null once deleted).
 */
export interface RecordChangeHandler {
  onRecordsChanged(manager: EntityManager, changes: AppliedChange[]): Promise<Map<string, string | null>>;
}

export const RECORD_CHANGE_HANDLER = Symbol('RECORD_CHANGE_HANDLER');
