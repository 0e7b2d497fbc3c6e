import { startTestApp, TestApp } from '../support/app';
import { applyChanges, currentPartition, outboxEvents } from '../support/resolution-harness';
import {
  ada,
  adaTrio,
  auditOf,
  call,
  eventsAfter,
  goldenOf,
  grace,
  stewardEnv,
  upsert,
} from './steward-fixtures';

describe('split, move and keep-out of golden entity members', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(stewardEnv());
  });
  afterEach(() => t?.close());

  it('splits members off into a new entity that keeps them apart through re-scoring', async () => {
    const id = await adaTrio(t.app);
    expect(await currentPartition(t.app, 'person')).toEqual([['billing:B-1', 'crm:C-1', 'support:S-1']]);
    const before = (await outboxEvents(t.app)).length;
    const res = await call(
      t.app,
      'post',
      '/v1/golden/{goldenId}/split',
      { goldenId: id },
      {
        members: [
          { domain: 'support', sourceId: 'S-1' },
          { domain: 'billing', sourceId: 'B-1' },
        ],
        reason: 'a shared household account',
      },
    );
    expect(res.status).toBe(200);
    expect(await currentPartition(t.app, 'person')).toEqual([['billing:B-1', 'support:S-1'], ['crm:C-1']]);
    // The oldest member (C-1) keeps the id; the split-off pair gets a new one that says where it came from.
    expect(await goldenOf(t.app, 'crm', 'C-1')).toBe(id);
    const newId = await goldenOf(t.app, 'support', 'S-1');
    const events = await eventsAfter(t.app, before);
    expect(events.every((e) => e.payload.cause === 'steward')).toBe(true);
    expect(events.find((e) => e.type === 'golden.split')).toMatchObject({
      goldenId: id,
      payload: { newIds: [newId] },
    });
    expect(events.find((e) => e.type === 'golden.created')).toMatchObject({
      goldenId: newId,
      payload: { splitFrom: id },
    });
    expect((await auditOf(t.app, `golden:${id}`))[0]).toMatchObject({
      action: 'golden.split',
      id: res.body.auditId,
    });

    await applyChanges(t.app, 'person', [
      { domain: 'support', sourceId: 'S-1', attributes: ada },
      { domain: 'crm', sourceId: 'C-1', attributes: ada },
    ]);
    expect(await currentPartition(t.app, 'person')).toEqual([['billing:B-1', 'support:S-1'], ['crm:C-1']]);
  });

  it('moves a member into another entity', async () => {
    const adaId = await upsert(t.app, 'crm', 'C-1', ada);
    await upsert(t.app, 'billing', 'B-1', ada);
    const graceId = await upsert(t.app, 'crm', 'C-2', grace);
    const before = (await outboxEvents(t.app)).length;
    const res = await call(
      t.app,
      'post',
      '/v1/golden/{goldenId}/move',
      { goldenId: adaId },
      {
        member: { domain: 'billing', sourceId: 'B-1' },
        targetGoldenId: graceId,
        reason: 'mis-keyed account',
      },
    );
    expect(res.status).toBe(200);
    expect(await currentPartition(t.app, 'person')).toEqual([['billing:B-1', 'crm:C-2'], ['crm:C-1']]);
    expect(await goldenOf(t.app, 'billing', 'B-1')).toBe(graceId);
    const events = await eventsAfter(t.app, before);
    expect(events.every((e) => e.payload.cause === 'steward')).toBe(true);
    expect(events.find((e) => e.type === 'golden.member-removed')).toMatchObject({
      goldenId: adaId,
      payload: { removed: [{ domain: 'billing', sourceId: 'B-1' }] },
    });
    expect(events.find((e) => e.type === 'golden.member-added')).toMatchObject({
      goldenId: graceId,
      payload: { added: [{ domain: 'billing', sourceId: 'B-1' }] },
    });
    expect((await auditOf(t.app, `golden:${adaId}`))[0]).toMatchObject({ action: 'golden.move' });

    // B-1 scores a match with C-1 on every re-scoring; the steward's cannot-link keeps it out.
    await applyChanges(t.app, 'person', [{ domain: 'billing', sourceId: 'B-1', attributes: ada }]);
    expect(await currentPartition(t.app, 'person')).toEqual([['billing:B-1', 'crm:C-2'], ['crm:C-1']]);

    const notMember = await call(
      t.app,
      'post',
      '/v1/golden/{goldenId}/move',
      { goldenId: adaId },
      { member: { domain: 'billing', sourceId: 'B-1' }, targetGoldenId: graceId, reason: 'again' },
    );
    expect(notMember.status).toBe(409);
    expect(notMember.body).toMatchObject({
      code: 'STEWARDSHIP.NOT_A_MEMBER',
      details: { memberOf: graceId },
    });
  });

  it('keeps a member out of its entity for good', async () => {
    const id = await adaTrio(t.app);
    const before = (await outboxEvents(t.app)).length;
    const res = await call(
      t.app,
      'post',
      '/v1/golden/{goldenId}/keep-out',
      { goldenId: id },
      { member: { domain: 'support', sourceId: 'S-1' }, reason: 'a test account' },
    );
    expect(res.status).toBe(200);
    expect(await currentPartition(t.app, 'person')).toEqual([['billing:B-1', 'crm:C-1'], ['support:S-1']]);
    const events = await eventsAfter(t.app, before);
    expect(events.every((e) => e.payload.cause === 'steward')).toBe(true);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['golden.created', 'golden.member-removed']),
    );
    const constraints = await call(
      t.app,
      'get',
      '/v1/constraints',
      {},
      undefined,
      'entityType=person&record=support:S-1',
    );
    expect(constraints.body.items.map((c: { kind: string }) => c.kind)).toEqual([
      'cannot_link',
      'cannot_link',
    ]);
    expect((await auditOf(t.app, `golden:${id}`))[0]).toMatchObject({
      action: 'golden.keep-out',
      reason: 'a test account',
    });

    await applyChanges(t.app, 'person', [{ domain: 'support', sourceId: 'S-1', attributes: ada }]);
    expect(await currentPartition(t.app, 'person')).toEqual([['billing:B-1', 'crm:C-1'], ['support:S-1']]);
  });

  it('refuses invalid requests with a reason per field', async () => {
    const id = await adaTrio(t.app);
    const cases: Array<[string, unknown, string]> = [
      ['/v1/golden/{goldenId}/split', { members: [], reason: 'x' }, 'members'],
      ['/v1/golden/{goldenId}/split', { members: [{ domain: 'crm', sourceId: 'C-1' }] }, 'reason'],
      ['/v1/golden/{goldenId}/keep-out', { member: { domain: 'crm' }, reason: 'x' }, 'member.sourceId'],
      [
        '/v1/golden/{goldenId}/keep-out',
        { member: { domain: 'crm', sourceId: 'C-1' }, reason: '  ' },
        'reason',
      ],
      ['/v1/golden/{goldenId}/merge', { otherGoldenId: id, reason: 'x' }, 'otherGoldenId'],
      ['/v1/golden/{goldenId}/move', { targetGoldenId: id, reason: 'x' }, 'member'],
    ];
    for (const [route, body, field] of cases) {
      const res = await call(t.app, 'post', route, { goldenId: id }, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('COMMON.VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const everyone = await call(
      t.app,
      'post',
      '/v1/golden/{goldenId}/split',
      { goldenId: id },
      {
        members: [
          { domain: 'crm', sourceId: 'C-1' },
          { domain: 'billing', sourceId: 'B-1' },
          { domain: 'support', sourceId: 'S-1' },
        ],
        reason: 'x',
      },
    );
    expect(everyone.status).toBe(400);
    expect(everyone.body.details).toEqual([
      { field: 'members', reason: 'must leave at least one member in the entity' },
    ]);
    const unknown = await call(
      t.app,
      'post',
      '/v1/golden/{goldenId}/keep-out',
      { goldenId: id },
      { member: { domain: 'crm', sourceId: 'NOPE' }, reason: 'x' },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'STEWARDSHIP.UNKNOWN_RECORD', details: { field: 'member' } });
    // Nothing was changed by any of them.
    expect(await currentPartition(t.app, 'person')).toEqual([['billing:B-1', 'crm:C-1', 'support:S-1']]);
  });
});
