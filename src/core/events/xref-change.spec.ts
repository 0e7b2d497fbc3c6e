import type { GoldenEvent } from './golden-event';
import { xrefEntriesOf, xrefMessages } from './xref-change';

const m = (sourceId: string, domain = 'crm') => ({ domain, sourceId });
const event = (
  type: GoldenEvent['type'],
  goldenId: string,
  extra: Partial<GoldenEvent> = {},
): GoldenEvent => ({
  eventId: `${goldenId}-${type}`,
  type,
  goldenId,
  entityType: 'person',
  version: 1,
  occurredAt: '2026-12-01T00:00:00.000Z',
  cause: 'match',
  members: [],
  ...extra,
});

describe('xrefEntriesOf', () => {
  it('links every member of a new entity and the added members of an existing one', () => {
    const entries = xrefEntriesOf([
      event('golden.created', 'G1', { members: [m('1'), m('2')] }),
      event('golden.member-added', 'G2', { members: [m('3'), m('4')], added: [m('4')] }),
      event('golden.attributes-changed', 'G2', { members: [m('3'), m('4')] }),
    ]);
    expect(entries).toEqual([
      {
        link: [
          ['crm', '1'],
          ['crm', '2'],
        ],
      },
      { link: [['crm', '4']] },
      null,
    ]);
  });

  it('gives a moved record only its link, whichever event of the change comes first', () => {
    const removed = event('golden.member-removed', 'G1', { removed: [m('2')], members: [m('1')] });
    const added = event('golden.member-added', 'G2', { added: [m('2')], members: [m('2'), m('9')] });
    expect(xrefEntriesOf([removed, added])).toEqual([null, { link: [['crm', '2']] }]);
    expect(xrefEntriesOf([added, removed])).toEqual([{ link: [['crm', '2']] }, null]);
  });

  it('tombstones records removed and linked nowhere: deleted ones', () => {
    const entries = xrefEntriesOf([
      event('golden.member-removed', 'G1', { cause: 'delete', removed: [m('2'), m('3')], members: [m('1')] }),
      event('golden.created', 'G3', { members: [m('3')], splitFrom: 'G1' }),
      event('golden.deleted', 'G4', { cause: 'delete', removed: [m('7', 'billing')] }),
    ]);
    expect(entries).toEqual([
      { unlink: [['crm', '2']] },
      { link: [['crm', '3']] },
      { unlink: [['billing', '7']] },
    ]);
  });
});

describe('xrefMessages', () => {
  it('keys by entityType:domain:sourceId, values the golden id, tombstones with null', () => {
    const row = {
      id: '42',
      goldenId: 'G1',
      version: 3,
      entityType: 'person',
      createdAt: '2026-12-01T00:00:00.000001Z',
    };
    expect(xrefMessages(row, { link: [['crm', 'a:b']], unlink: [['billing', 'B']] })).toEqual([
      {
        key: 'person:crm:a:b',
        value: {
          entityType: 'person',
          domain: 'crm',
          sourceId: 'a:b',
          goldenId: 'G1',
          version: 3,
          linkedAt: '2026-12-01T00:00:00.000001Z',
          seq: 42,
        },
      },
      { key: 'person:billing:B', value: null },
    ]);
  });
});
