import type { ChangeEvent } from '../ingestion/change-event.dto';
import { historyRows, InputFolder, processedRows } from './backfill-input';

/** Every event folded in batches of `batchSize`, as one chunk. */
function foldEvents(entityType: string, events: ChangeEvent[], batchSize: number) {
  const folder = new InputFolder(entityType);
  for (let i = 0; i < events.length; i += batchSize) folder.addBatch(events.slice(i, i + batchSize));
  return { folder, chunk: folder.take() };
}

let n = 0;
function event(
  domain: string,
  sourceId: string,
  attributes: Record<string, string> | null,
  eventId = `e${n++}`,
): ChangeEvent {
  return {
    eventId,
    domain,
    entityType: 'customer',
    sourceId,
    op: attributes ? 'upsert' : 'delete',
    version: null,
    occurredAt: '2026-01-01T00:00:00.000000Z',
    occurredAtUs: 1_767_225_600_000_000n,
    attributes,
    references: [],
  };
}

describe('foldEvents', () => {
  it('orders new records as ingestion numbers them: batch by batch, key order within a batch', () => {
    const { folder, chunk } = foldEvents(
      'customer',
      [
        event('crm', 'b', { x: '1' }),
        event('crm', 'a', { x: '1' }),
        event('billing', 'z', { x: '1' }),
        event('crm', 'c', { x: '1' }),
      ],
      3,
    );
    expect(chunk.created.map((r) => `${r.domain}:${r.sourceId}@${r.batch}`)).toEqual([
      'billing:z@0',
      'crm:a@0',
      'crm:b@0',
      'crm:c@1',
    ]);
    expect(folder.batches).toBe(2);
  });

  it('applies each event as ingestion does: duplicates, eventId conflicts, unchanged rows, later changes and deletes', () => {
    const { folder, chunk } = foldEvents(
      'customer',
      [
        event('crm', 'a', { x: '1' }, 'one'),
        event('crm', 'a', { x: '1' }, 'one'), // the same eventId again
        event('crm', 'a', { x: '9' }, 'one'), // the same eventId with other content: a conflict
        event('crm', 'a', { x: '1' }), // same content: unchanged
        event('crm', 'b', { x: '1' }),
        event('crm', 'a', { x: '2' }), // a later change, in the second batch
        event('crm', 'b', null), // deleted: its row stays, as a tombstone
      ],
      3,
    );
    expect(folder.counts).toEqual({ applied: 4, duplicate: 1, stale: 0, unchanged: 1 });
    expect(folder.conflicts).toBe(1);
    const [a, b] = chunk.created;
    expect([a.state.attributes, a.createdBatch, a.batch, a.updatedBatch]).toEqual([{ x: '2' }, 0, 1, 1]);
    expect([b.state.deleted, b.batch]).toEqual([true, 2]);
    [a.state.recordId, b.state.recordId] = ['41', '42'];
    expect(historyRows(chunk).map((h) => `${h.recordId}:${h.op}`)).toEqual([
      '41:upsert',
      '42:upsert',
      '41:upsert',
      '42:delete',
    ]);
    expect(
      processedRows(chunk).map(
        (p) => `${p.eventId.startsWith('e') ? '' : p.eventId}${p.recordId}:${p.outcome}`,
      ),
    ).toEqual(['one41:applied', '41:unchanged', '42:applied', '41:applied', '42:applied']);
  });
});

describe('InputFolder across chunks', () => {
  it('asks for what earlier chunks hold, and folds onto the records and eventIds found there', () => {
    const folder = new InputFolder('customer');
    folder.addBatch([event('crm', 'a', { x: '1' }, 'first'), event('crm', 'b', { x: '1' })]);
    const [a] = folder.take().created;
    expect(a.index).toBe(0);
    const later = [
      event('crm', 'a', { x: '2' }),
      event('crm', 'c', { x: '1' }),
      event('crm', 'd', { x: '1' }, 'first'), // the first event's eventId with other content
    ];
    const unknown = folder.unknownIn(later);
    expect(unknown.records.map((r) => r.sourceId)).toEqual(['a', 'c', 'd']);
    expect(unknown.eventIds).toHaveLength(3);
    folder.restore('crm', 'a', { ...a.state, recordId: '41' }, 0);
    folder.addBatch(later, new Map([['first', 'another fingerprint']]));
    expect(folder.conflicts).toBe(1);
    const chunk = folder.take();
    expect(
      chunk.changed.map((r) => [r.sourceId, r.index, r.createdBatch, r.batch, r.state.attributes]),
    ).toEqual([['a', 0, 0, 1, { x: '2' }]]);
    expect(chunk.created.map((r) => [r.sourceId, r.index])).toEqual([['c', 2]]);
    expect(() => folder.restore('crm', 'z', a.state, 7)).toThrow(/not this backfill's/);
  });
});
