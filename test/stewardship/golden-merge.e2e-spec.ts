import { startTestApp, TestApp } from '../support/app';
import { applyChanges, currentPartition, outboxEvents } from '../support/resolution-harness';
import { ada, auditOf, call, eventsAfter, grace, stewardEnv, upsert } from './steward-fixtures';

describe('POST /v1/golden/{goldenId}/merge', () => {
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
    const [entry] = await auditOf(t.app, `golden:${graceId}`);
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
    const [entry] = await auditOf(t.app, `golden:${adaId}`);
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
});
