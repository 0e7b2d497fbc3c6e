import { startTestApp, TestApp } from '../support/app';
import { applyChanges, currentPartition, outboxEvents } from '../support/resolution-harness';
import { call, eventsAfter, goldenOf, stewardEnv, upsert } from './steward-fixtures';

/** A JSON response body (already checked against openapi.yaml by `call`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ResponseBody = Record<string, any>;

const ada = { name: 'Ada Lovelace', ssn: '111', email: 'ada@example.com' };
const grace = { name: 'Grace Hopper', ssn: '222', email: 'grace@example.com' };

/** Three records of one person, linked by national id and email. */
async function adaTrio(t: TestApp): Promise<string> {
  await upsert(t.app, 'crm', 'C-1', ada);
  await upsert(t.app, 'billing', 'B-1', ada);
  return upsert(t.app, 'support', 'S-1', ada);
}

async function auditOf(t: TestApp, target: string): Promise<Array<ResponseBody>> {
  return (await call(t.app, 'get', '/v1/audit', {}, undefined, `target=${target}`)).body.items;
}

describe('manual operations on golden entities', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(stewardEnv());
  });
  afterEach(() => t?.close());

  it('merges two entities: the older id survives, the younger forwards to it, all audited', async () => {
    const adaId = await upsert(t.app, 'crm', 'C-1', ada);
    const graceId = await upsert(t.app, 'billing', 'B-7', grace);
    const before = (await outboxEvents(t.app)).length;
    const res = await call(
      t.app,
      'post',
      '/v1/golden/{goldenId}/merge',
      { goldenId: graceId },
      { otherGoldenId: adaId, reason: 'same person, per the passport scan' },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      action: 'merge',
      entities: [
        {
          goldenId: adaId,
          members: [
            { domain: 'billing', sourceId: 'B-7' },
            { domain: 'crm', sourceId: 'C-1' },
          ],
        },
      ],
    });
    expect(await currentPartition(t.app, 'person')).toEqual([['billing:B-7', 'crm:C-1']]);
    const events = await eventsAfter(t.app, before);
    expect(events.every((e) => e.payload.cause === 'steward')).toBe(true);
    expect(events.map((e) => [e.goldenId, e.type])).toEqual(
      expect.arrayContaining([
        [adaId, 'golden.merged'],
        [adaId, 'golden.member-added'],
        [graceId, 'golden.merged'],
      ]),
    );
    const [entry] = await auditOf(t, `golden:${graceId}`);
    expect(entry).toMatchObject({
      id: res.body.auditId,
      action: 'golden.merge',
      reason: 'same person, per the passport scan',
    });
    expect(entry.before.entities).toHaveLength(2);
    expect(entry.after.entities).toEqual(res.body.entities);

    // The merge holds when its records are re-scored (they share nothing but a steward link).
    await applyChanges(t.app, 'person', [
      { domain: 'crm', sourceId: 'C-1', attributes: ada },
      { domain: 'billing', sourceId: 'B-7', attributes: grace },
    ]);
    expect(await currentPartition(t.app, 'person')).toEqual([['billing:B-7', 'crm:C-1']]);

    // The retired id cannot be acted on; it names its survivor.
    const retired = await call(
      t.app,
      'post',
      '/v1/golden/{goldenId}/merge',
      { goldenId: graceId },
      { otherGoldenId: adaId, reason: 'again' },
    );
    expect(retired.status).toBe(409);
    expect(retired.body).toMatchObject({
      code: 'STEWARDSHIP.GOLDEN_NOT_ACTIVE',
      details: { field: 'goldenId', status: 'retired', survivorId: adaId },
    });
    const unknown = await call(
      t.app,
      'post',
      '/v1/golden/{goldenId}/merge',
      { goldenId: adaId },
      { otherGoldenId: 'no-such-id', reason: 'x' },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({
      code: 'STEWARDSHIP.UNKNOWN_GOLDEN_ID',
      details: { field: 'otherGoldenId' },
    });
  });

  it('does not merge across a cannot-link: the pair goes to review instead', async () => {
    const adaId = await upsert(t.app, 'crm', 'C-1', ada);
    const graceId = await upsert(t.app, 'billing', 'B-7', grace);
    const constraint = await call(
      t.app,
      'post',
      '/v1/constraints',
      {},
      {
        kind: 'cannot_link',
        a: { entityType: 'person', domain: 'crm', sourceId: 'C-1' },
        b: { entityType: 'person', domain: 'billing', sourceId: 'B-7' },
        reason: 'different people',
      },
    );
    expect(constraint.status).toBe(201);
    const before = (await outboxEvents(t.app)).length;
    const res = await call(
      t.app,
      'post',
      '/v1/golden/{goldenId}/merge',
      { goldenId: adaId },
      { otherGoldenId: graceId, reason: 'looks the same' },
    );
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'STEWARDSHIP.CANNOT_LINK_VIOLATION',
      details: {
        constraints: [
          {
            id: constraint.body.constraint.id,
            kind: 'cannot_link',
            a: { domain: 'crm', sourceId: 'C-1' },
            b: { domain: 'billing', sourceId: 'B-7' },
          },
        ],
      },
    });
    expect(await currentPartition(t.app, 'person')).toEqual([['billing:B-7'], ['crm:C-1']]);
    expect(await eventsAfter(t.app, before)).toEqual([]);

    const item = await call(t.app, 'get', '/v1/review/{id}', { id: res.body.details.reviewItemId });
    expect(item.body).toMatchObject({
      status: 'open',
      reason: 'constraint_conflict',
      a: { domain: 'crm', sourceId: 'C-1', goldenId: adaId },
      b: { domain: 'billing', sourceId: 'B-7', goldenId: graceId },
      explanation: {
        stewardRequest: {
          action: 'merge',
          goldenIds: [adaId, graceId],
          reason: 'looks the same',
          blockedBy: [constraint.body.constraint.id],
        },
      },
    });
    const [entry] = await auditOf(t, `golden:${adaId}`);
    expect(entry).toMatchObject({
      action: 'golden.merge-sent-to-review',
      after: { reviewItemId: res.body.details.reviewItemId },
    });
    // Deciding "match" on it still meets the cannot-link: it has to be revoked first.
    const decision = await call(
      t.app,
      'post',
      '/v1/review/{id}/decision',
      { id: res.body.details.reviewItemId },
      { decision: 'match', reason: 'yes' },
    );
    expect(decision.status).toBe(409);
    expect(decision.body.code).toBe('STEWARDSHIP.CONSTRAINT_CONFLICT');
    expect(
      (await call(t.app, 'get', '/v1/review/{id}', { id: res.body.details.reviewItemId })).body.status,
    ).toBe('open');
  });

  it('splits members off into a new entity that keeps them apart through re-scoring', async () => {
    const id = await adaTrio(t);
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
    expect((await auditOf(t, `golden:${id}`))[0]).toMatchObject({
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
    expect((await auditOf(t, `golden:${adaId}`))[0]).toMatchObject({ action: 'golden.move' });

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
    const id = await adaTrio(t);
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
    expect((await auditOf(t, `golden:${id}`))[0]).toMatchObject({
      action: 'golden.keep-out',
      reason: 'a test account',
    });

    await applyChanges(t.app, 'person', [{ domain: 'support', sourceId: 'S-1', attributes: ada }]);
    expect(await currentPartition(t.app, 'person')).toEqual([['billing:B-1', 'crm:C-1'], ['support:S-1']]);
  });

  it('refuses invalid requests with a reason per field', async () => {
    const id = await adaTrio(t);
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
