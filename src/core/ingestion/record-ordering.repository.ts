import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { RecordKeyParts } from './source-record.repository';

export interface OrderingState {
  recordId: string;
  version: string | null;
  occurredAt: string;
}

/** The ordering key of one source record (version, occurredAt), for the steward's repair. */
@Injectable()
export class RecordOrderingRepository {
  /** The record's ordering state, locked for the rest of the transaction; null when unknown. */
  async lock(m: EntityManager, key: RecordKeyParts): Promise<OrderingState | null> {
    const rows: Array<{ id: string; version: string | null; occurred_at: string }> = await m.query(
      `SELECT id::text, version::text, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at
         FROM source_records WHERE entity_type = $1 AND domain = $2 AND source_id = $3 FOR UPDATE`,
      [key.entityType, key.domain, key.sourceId],
    );
    return rows[0]
      ? { recordId: rows[0].id, version: rows[0].version, occurredAt: rows[0].occurred_at }
      : null;
  }

  /** The latest occurredAt among the record's applied events that is not after `notAfter`. */
  async latestHistoryBefore(m: EntityManager, recordId: string, notAfter: Date): Promise<string | null> {
    const rows: Array<{ at: string | null }> = await m.query(
      `SELECT to_char(max(occurred_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at
         FROM source_record_history WHERE record_id = $1 AND occurred_at <= $2`,
      [recordId, notAfter.toISOString()],
    );
    return rows[0]?.at ?? null;
  }

  /** Sets the ordering key: no version (the next event orders by time), and `occurredAt`. */
  async reset(m: EntityManager, recordId: string, occurredAt: string): Promise<void> {
    await m.query(
      `UPDATE source_records SET version = NULL, occurred_at = $2, updated_at = now() WHERE id = $1`,
      [recordId, occurredAt],
    );
  }
}
