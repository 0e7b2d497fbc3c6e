import { ChangeEvent } from './change-event.dto';
import { applyEvent, Outcome, RecordState } from './record-state';

const us = (seconds: number): bigint => BigInt(seconds) * 1_000_000n;

function event(
  op: 'upsert' | 'delete',
  version: number | null,
  at: number,
  attributes: Record<string, string> = { name: 'Ada' },
): ChangeEvent {
  return {
    eventId: `e-${op}-${version}-${at}`,
    domain: 'crm',
    entityType: 'customer',
    sourceId: 'C-1',
    op,
    version,
    occurredAt: new Date(at * 1000).toISOString(),
    occurredAtUs: us(at),
    attributes: op === 'upsert' ? attributes : null,
    references: [],
  };
}

const nothing: RecordState = {
  recordId: '1',
  exists: false,
  deleted: true,
  version: null,
  occurredAtUs: 0n,
  occurredAt: '',
  attributes: {},
  references: [],
  lastEventId: '',
};

/** Applies the events in order from "never seen" and returns each outcome and the final state. */
function run(...events: ChangeEvent[]): { outcomes: Outcome[]; state: RecordState } {
  let state = nothing;
  const outcomes = events.map((e) => {
    const r = applyEvent(state, e);
    state = r.next;
    return r.outcome;
  });
  return { outcomes, state };
}

describe('applyEvent', () => {
  it.each<[string, ChangeEvent[], Outcome[]]>([
    ['a first upsert', [event('upsert', 1, 10)], ['applied']],
    [
      'versions in order',
      [event('upsert', 1, 10), event('upsert', 2, 20, { name: 'Bob' })],
      ['applied', 'applied'],
    ],
    [
      'an older version, even with a later time',
      [event('upsert', 2, 10), event('upsert', 1, 99, { name: 'Old' })],
      ['applied', 'stale'],
    ],
    [
      'equal versions fall back to time',
      [event('upsert', 2, 20), event('upsert', 2, 10, { name: 'Old' })],
      ['applied', 'stale'],
    ],
    [
      'no versions: time decides',
      [event('upsert', null, 20), event('upsert', null, 10, { name: 'Old' })],
      ['applied', 'stale'],
    ],
    [
      'one side without version: time decides',
      [event('upsert', 5, 20), event('upsert', null, 30, { name: 'New' })],
      ['applied', 'applied'],
    ],
    ['equal key, same content', [event('upsert', 1, 10), event('upsert', 1, 10)], ['applied', 'unchanged']],
    [
      'same content, newer version',
      [event('upsert', 1, 10), event('upsert', 2, 20)],
      ['applied', 'unchanged'],
    ],
    ['a delete', [event('upsert', 1, 10), event('delete', 2, 20)], ['applied', 'applied']],
    [
      'an upsert older than the delete',
      [event('upsert', 1, 10), event('delete', 3, 30), event('upsert', 2, 20)],
      ['applied', 'applied', 'stale'],
    ],
    [
      'an upsert after the delete',
      [event('upsert', 1, 10), event('delete', 3, 30), event('upsert', 4, 40)],
      ['applied', 'applied', 'applied'],
    ],
    [
      'deleting twice',
      [event('upsert', 1, 10), event('delete', 2, 20), event('delete', 3, 30)],
      ['applied', 'applied', 'unchanged'],
    ],
    ['deleting the never seen', [event('delete', 5, 50), event('upsert', 4, 40)], ['unchanged', 'stale']],
  ])('%s', (_, events, outcomes) => {
    expect(run(...events).outcomes).toEqual(outcomes);
  });

  it('advances the order key on unchanged and delete, clears attributes on delete', () => {
    expect(run(event('upsert', 1, 10), event('upsert', 2, 20)).state).toMatchObject({
      version: 2n,
      occurredAtUs: us(20),
    });
    expect(run(event('upsert', 1, 10), event('delete', 2, 20)).state).toMatchObject({
      deleted: true,
      attributes: {},
      version: 2n,
    });
  });
});
