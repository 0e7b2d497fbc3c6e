import { startTestApp, TestApp } from '../support/app';
import { writeMatchersDir } from '../support/matchers';
import { applyChanges, currentPartition, outboxEvents } from '../support/resolution-harness';

const ada = { name: 'Ada Lovelace', email: 'ada@example.com', dob: '1815-12-10', ssn: '111' };
const adaBilling = { name: 'Ada Lovelace', email: 'ADA@example.com', dob: '1815-12-10' };
const grace = { name: 'Grace Hopper', email: 'grace@example.com', dob: '1906-12-09', ssn: '222' };

describe('resolution', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ MATCHERS_DIR: writeMatchersDir(), KAFKA_BROKERS: undefined });
  });
  afterEach(() => t?.close());

  it('creates a golden entity per new record and links a matching record into it', async () => {
    const first = await applyChanges(t.app, 'person', [{ domain: 'crm', sourceId: 'C-1', attributes: ada }]);
    const second = await applyChanges(t.app, 'person', [
      { domain: 'billing', sourceId: 'B-9', attributes: adaBilling },
    ]);
    const [goldenId] = [...first.values()];
    expect([...second.values()]).toEqual([goldenId]);
    expect(await currentPartition(t.app, 'person')).toEqual([['billing:B-9', 'crm:C-1']]);
    const events = await outboxEvents(t.app);
    // The billing record brings an email the golden entity did not have: its attributes change too.
    expect(events.map((e) => [e.type, e.version])).toEqual([
      ['golden.created', 1],
      ['golden.member-added', 2],
      ['golden.attributes-changed', 3],
    ]);
    expect(events[1].payload.added).toEqual([{ domain: 'billing', sourceId: 'B-9' }]);
  });

  it('merges two golden entities when a record links them, keeping the older id', async () => {
    const a = await applyChanges(t.app, 'person', [
      { domain: 'crm', sourceId: 'C-1', attributes: { name: 'Ada Lovelace', ssn: '111' } },
    ]);
    const b = await applyChanges(t.app, 'person', [
      { domain: 'billing', sourceId: 'B-1', attributes: { name: 'Ada Lovelace', email: 'ada@example.com' } },
    ]);
    const older = [...a.values()][0]!;
    const younger = [...b.values()][0]!;
    expect(older).not.toEqual(younger);
    // Sharing only a name, the two are not linked. This record shares the ssn of the first and the
    // email of the second.
    const c = await applyChanges(t.app, 'person', [
      {
        domain: 'support',
        sourceId: 'S-1',
        attributes: { name: 'Ada Lovelace', email: 'ada@example.com', ssn: '111' },
      },
    ]);
    expect([...c.values()]).toEqual([older]);
    expect(await currentPartition(t.app, 'person')).toEqual([['billing:B-1', 'crm:C-1', 'support:S-1']]);
    const events = await outboxEvents(t.app);
    const retired = events.filter((e) => e.goldenId === younger);
    expect(retired.map((e) => [e.type, e.version])).toEqual([
      ['golden.created', 1],
      ['golden.merged', 2],
    ]);
    expect(retired[1].payload).toMatchObject({ survivorId: older, retiredIds: [younger], members: [] });
    const survivor = events.filter((e) => e.goldenId === older).map((e) => e.type);
    expect(survivor).toEqual([
      'golden.created',
      'golden.merged',
      'golden.member-added',
      'golden.attributes-changed',
    ]);
  });

  it('splits a golden entity when the record holding it together changes, and the oldest member keeps the id', async () => {
    await applyChanges(t.app, 'person', [
      { domain: 'crm', sourceId: 'C-1', attributes: { name: 'Ada Lovelace', ssn: '111' } },
    ]);
    await applyChanges(t.app, 'person', [
      {
        domain: 'support',
        sourceId: 'S-1',
        attributes: { name: 'Ada Lovelace', email: 'ada@example.com', ssn: '111' },
      },
    ]);
    const joined = await applyChanges(t.app, 'person', [
      { domain: 'billing', sourceId: 'B-1', attributes: { name: 'Ada Lovelace', email: 'ada@example.com' } },
    ]);
    const goldenId = [...joined.values()][0]!;
    expect(await currentPartition(t.app, 'person')).toEqual([['billing:B-1', 'crm:C-1', 'support:S-1']]);
    // The bridge record loses its email: B-1 is no longer linked to anyone.
    const after = await applyChanges(t.app, 'person', [
      { domain: 'support', sourceId: 'S-1', attributes: { name: 'Ada Lovelace', ssn: '111' } },
    ]);
    expect([...after.values()]).toEqual([goldenId]);
    expect(await currentPartition(t.app, 'person')).toEqual([['billing:B-1'], ['crm:C-1', 'support:S-1']]);
    const events = await outboxEvents(t.app);
    const split = events.find((e) => e.type === 'golden.split')!;
    expect(split.goldenId).toBe(goldenId);
    const created = events.filter((e) => e.type === 'golden.created' && e.payload.splitFrom === goldenId);
    expect(created).toHaveLength(1);
    expect(split.payload.newIds).toEqual([created[0].goldenId]);
  });

  it('deletes a record: its golden entity loses it, and an emptied entity is deleted', async () => {
    const r = await applyChanges(t.app, 'person', [
      { domain: 'crm', sourceId: 'C-1', attributes: ada },
      { domain: 'crm', sourceId: 'C-2', attributes: grace },
    ]);
    const graceId = r.get([...r.keys()][1])!;
    await applyChanges(t.app, 'person', [{ domain: 'crm', sourceId: 'C-2', op: 'delete' }]);
    expect(await currentPartition(t.app, 'person')).toEqual([['crm:C-1']]);
    const events = (await outboxEvents(t.app)).filter((e) => e.goldenId === graceId);
    expect(events.map((e) => e.type)).toEqual(['golden.created', 'golden.deleted']);
    expect(events[1].payload.removed).toEqual([{ domain: 'crm', sourceId: 'C-2' }]);
  });

  it('gives every golden id gap-free versions', async () => {
    await applyChanges(t.app, 'person', [{ domain: 'crm', sourceId: 'C-1', attributes: ada }]);
    await applyChanges(t.app, 'person', [{ domain: 'billing', sourceId: 'B-1', attributes: adaBilling }]);
    await applyChanges(t.app, 'person', [
      { domain: 'crm', sourceId: 'C-1', attributes: { ...ada, name: 'Augusta Ada King' } },
    ]);
    await applyChanges(t.app, 'person', [{ domain: 'billing', sourceId: 'B-1', op: 'delete' }]);
    const byGolden = new Map<string, number[]>();
    for (const e of await outboxEvents(t.app))
      byGolden.set(e.goldenId, [...(byGolden.get(e.goldenId) ?? []), e.version]);
    for (const versions of byGolden.values()) expect(versions).toEqual(versions.map((_, i) => i + 1));
  });
});

describe('resolution without changes', () => {
  it('publishes nothing when a re-evaluation changes no membership or attribute', async () => {
    const t = await startTestApp({ MATCHERS_DIR: writeMatchersDir(), KAFKA_BROKERS: undefined });
    try {
      await applyChanges(t.app, 'person', [{ domain: 'crm', sourceId: 'C-1', attributes: ada }]);
      await applyChanges(t.app, 'person', [{ domain: 'billing', sourceId: 'B-9', attributes: adaBilling }]);
      const before = (await outboxEvents(t.app)).length;
      // The most recent member again, unchanged (so most-recent survivorship picks the same values):
      // its links are re-evaluated, and nothing about the entity changes.
      await applyChanges(t.app, 'person', [
        { domain: 'billing', sourceId: 'B-9', attributes: { ...adaBilling } },
      ]);
      expect((await outboxEvents(t.app)).length).toBe(before);
    } finally {
      await t.close();
    }
  });
});
