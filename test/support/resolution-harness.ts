import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SyntheticDataset } from '../../src/cli/generator';
import { RECORD_CHANGE_HANDLER, RecordChangeHandler } from '../../src/core/ingestion/record-change.handler';

export interface TestChange {
  domain: string;
  sourceId: string;
  op?: 'upsert' | 'delete';
  attributes?: Record<string, unknown>;
}

/**
 * Writes source records straight into the store and runs resolution on them in one transaction,
 * like ingestion does, so resolution can be tested without the event contract around it.
 */
export async function applyChanges(
  app: INestApplication,
  entityType: string,
  changes: TestChange[],
): Promise<Map<string, string | null>> {
  const ds = app.get(DataSource);
  const handler = app.get<RecordChangeHandler>(RECORD_CHANGE_HANDLER);
  return ds.transaction(async (m) => {
    const applied = [];
    for (const c of changes) {
      const op = c.op ?? 'upsert';
      const [row]: Array<{ id: string }> = await m.query(
        `INSERT INTO source_records (entity_type, domain, source_id, attributes, "references", occurred_at, deleted, last_event_id)
         VALUES ($1, $2, $3, $4, '[]', now(), $5, 'test')
         ON CONFLICT (entity_type, domain, source_id) DO UPDATE
           SET attributes = EXCLUDED.attributes, deleted = EXCLUDED.deleted, updated_at = now()
         RETURNING id::text`,
        [entityType, c.domain, c.sourceId, JSON.stringify(c.attributes ?? {}), op === 'delete'],
      );
      applied.push({
        recordId: row.id,
        entityType,
        domain: c.domain,
        sourceId: c.sourceId,
        op,
        attributes: op === 'delete' ? null : (c.attributes ?? {}),
        references: [],
        eventId: `test-${row.id}-${Date.now()}`,
        occurredAt: new Date(),
      });
    }
    return handler.onRecordsChanged(m, applied);
  });
}

/** The current partition of live records into golden entities, as sorted lists of domain:sourceId. */
export async function currentPartition(app: INestApplication, entityType: string): Promise<string[][]> {
  const rows: Array<{ members: string[] }> = await app.get(DataSource).query(
    `SELECT array_agg(domain || ':' || source_id ORDER BY domain, source_id) AS members
       FROM resolution_records WHERE entity_type = $1 GROUP BY golden_id`,
    [entityType],
  );
  return rows.map((r) => r.members).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

export interface OutboxEvent {
  goldenId: string;
  version: number;
  type: string;
  payload: Record<string, unknown>;
}

export async function outboxEvents(app: INestApplication): Promise<OutboxEvent[]> {
  const rows: Array<{
    golden_id: string;
    version: number;
    event_type: string;
    payload: Record<string, unknown>;
  }> = await app
    .get(DataSource)
    .query(`SELECT golden_id, version, event_type, payload FROM golden_outbox ORDER BY id`);
  return rows.map((r) => ({
    goldenId: r.golden_id,
    version: r.version,
    type: r.event_type,
    payload: r.payload,
  }));
}

/** Golden outbox rows the relay has not published yet, in the database at `url` (no app needed). */
export async function pendingOutbox(url: string): Promise<number> {
  const ds = await new DataSource({ type: 'postgres', url }).initialize();
  try {
    const [row]: Array<{ n: string }> = await ds.query(
      `SELECT count(*)::text AS n FROM golden_outbox WHERE published_at IS NULL`,
    );
    return Number(row.n);
  } finally {
    await ds.destroy();
  }
}

/** Upserts of `records` generated products over 4 shops (deterministic for a seed). */
export function generatedProducts(records: number, seed: number): TestChange[] {
  const dataset = new SyntheticDataset({ entityType: 'product', records, domains: 4, seed });
  return Array.from({ length: records }, (_, p) => ({
    domain: dataset.domainOfRecord(p),
    sourceId: dataset.sourceIdOf(p),
    attributes: { ...dataset.attributes(p) },
  }));
}
