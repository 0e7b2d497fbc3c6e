import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { applyChanges, currentPartition, outboxEvents } from '../support/resolution-harness';
import {
  adaBilling,
  adaCrm,
  call,
  edgeKind,
  eventsAfter,
  goldenOf,
  personMatcherWith,
  stewardEnv,
  upsert,
} from './steward-fixtures';

/** A JSON response body (already checked against openapi.yaml by `call`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ResponseBody = Record<string, any>;

const crm = { domain: 'crm', sourceId: 'C-1' };
const billing = { domain: 'billing', sourceId: 'B-1' };
const together = [['billing:B-1', 'crm:C-1']];
const apart = [['billing:B-1'], ['crm:C-1']];
/** The crm record as re-ingested with a new email: still in the review band with the billing one. */
const adaCrmChanged = { ...adaCrm, email: 'ada.lovelace@crm.example' };

/**
 * The whole steward flow on one pair, for both verdicts: the pair is queued, assigned and decided;
 * the decision changes the entities (golden events with cause 'steward') and then holds through a
 * re-ingest of both records and through a restart with other match thresholds on the same data.
 */
describe.each([
  {
    decision: 'match' as const,
    expected: together,
    // Under these thresholds the pair scores a non-match: only the steward's link holds it.
    laterThresholds: { match: 0.99, review: 0.97 },
    laterEdge: 'steward',
  },
  {
    decision: 'no-match' as const,
    expected: apart,
    // Under these thresholds the pair scores a match: only the steward's cannot-link keeps it apart.
    laterThresholds: { match: 0.8, review: 0.5 },
    laterEdge: 'auto',
  },
])('a steward decides $decision on a review item', ({ decision, expected, laterThresholds, laterEdge }) => {
  let db: TestDatabase;
  let t: TestApp | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  afterAll(() => db?.drop());

  it('queues the pair, closes it with the decision, and the decision holds', async () => {
    t = await startTestApp(stewardEnv(), { databaseUrl: db.url });
    const crmGolden = await upsert(t.app, 'crm', 'C-1', adaCrm);
    const billingGolden = await upsert(t.app, 'billing', 'B-1', adaBilling);
    expect(await currentPartition(t.app, 'person')).toEqual(apart);

    // 1. The pair is in the queue, with both sides as they are now.
    const queue = await call(t.app, 'get', '/v1/review', {}, undefined, 'entityType=person&status=open').then(
      (r) => r.body as { items: Array<ResponseBody> },
    );
    expect(queue.items).toHaveLength(1);
    const item = queue.items[0];
    expect(item).toMatchObject({
      entityType: 'person',
      status: 'open',
      reason: 'review_band',
      assignee: null,
      a: { domain: 'crm', sourceId: 'C-1', goldenId: crmGolden, attributes: adaCrm },
      b: { domain: 'billing', sourceId: 'B-1', goldenId: billingGolden, attributes: adaBilling },
    });
    expect(item.probability).toBeGreaterThan(0.5);
    expect(item.probability).toBeLessThan(0.95);
    expect(item.explanation.comparisons.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining(['name', 'dob', 'email', 'ssn']),
    );
    expect(item.ageSeconds).toBeGreaterThanOrEqual(0);

    // 2. Assigned, and found by assignee.
    const assigned = await call(
      t.app,
      'post',
      '/v1/review/{id}/assign',
      { id: item.id },
      { assignee: 'alice' },
    );
    expect(assigned.status).toBe(200);
    expect(assigned.body.assignee).toBe('alice');
    const mine = await call(t.app, 'get', '/v1/review', {}, undefined, 'assignee=alice');
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([item.id]);

    // 3. Decided.
    const before = (await outboxEvents(t.app)).length;
    const res = await call(
      t.app,
      'post',
      '/v1/review/{id}/decision',
      { id: item.id },
      { decision, reason: 'checked the registry' },
    );
    expect(res.status).toBe(200);
    expect(res.body.item).toMatchObject({
      id: item.id,
      status: 'decided',
      decision,
      decisionReason: 'checked the registry',
    });
    expect(await currentPartition(t.app, 'person')).toEqual(expected);
    const events = await eventsAfter(t.app, before);
    if (decision === 'match') {
      // The older entity survives; the younger one is retired into it.
      expect(await goldenOf(t.app, 'billing', 'B-1')).toBe(crmGolden);
      expect(events.map((e) => [e.goldenId, e.type])).toEqual(
        expect.arrayContaining([
          [crmGolden, 'golden.merged'],
          [crmGolden, 'golden.member-added'],
          [billingGolden, 'golden.merged'],
        ]),
      );
      expect(events.every((e) => e.payload.cause === 'steward')).toBe(true);
      expect(events.find((e) => e.goldenId === billingGolden)!.payload).toMatchObject({
        survivorId: crmGolden,
      });
    } else {
      // The records were apart already: nothing changed, so nothing is published.
      expect(events).toEqual([]);
    }

    // 4. The item is closed; deciding it again is a conflict.
    expect((await call(t.app, 'get', '/v1/review', {}, undefined, 'status=open')).body.items).toEqual([]);
    const again = await call(
      t.app,
      'post',
      '/v1/review/{id}/decision',
      { id: item.id },
      { decision, reason: 'x' },
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'STEWARDSHIP.REVIEW_CLOSED', details: { status: 'decided' } });

    // 5. Audited, in order, with before and after.
    const audit = await call(t.app, 'get', '/v1/audit', {}, undefined, `target=review-item:${item.id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'review.decide',
      'review.assign',
    ]);
    // The actor is the authenticated key's (the test app sends the bootstrap admin key).
    expect(res.body.item.decidedBy).toBe('bootstrap-admin');
    expect(audit.body.items[0].actor).toBe('bootstrap-admin');
    expect(audit.body.items[0].role).toBe('admin');
    expect(audit.body.items[0]).toMatchObject({
      reason: 'checked the registry',
      after: { decision, constraintId: res.body.constraintId },
    });
    expect(audit.body.items[0].before.entities).toHaveLength(2);

    // 6. Re-ingesting both records (one slightly changed) re-scores them; the decision holds and
    // the pair is not queued again.
    await applyChanges(t.app, 'person', [
      { ...crm, attributes: adaCrmChanged },
      { ...billing, attributes: adaBilling },
    ]);
    expect(await currentPartition(t.app, 'person')).toEqual(expected);
    expect((await call(t.app, 'get', '/v1/review', {}, undefined, 'status=open')).body.items).toEqual([]);
  });

  it('still holds after a restart with other thresholds, on the same database', async () => {
    t = await startTestApp(stewardEnv(personMatcherWith(laterThresholds)), { databaseUrl: db.url });
    const eventsBefore = (await outboxEvents(t.app)).length;
    await applyChanges(t.app, 'person', [
      { ...crm, attributes: adaCrmChanged },
      { ...billing, attributes: adaBilling },
    ]);
    // The new thresholds really do disagree with the steward: that is what the constraint overrides.
    expect(await edgeKind(t.app, crm, billing)).toBe(laterEdge);
    expect(await currentPartition(t.app, 'person')).toEqual(expected);
    expect((await call(t.app, 'get', '/v1/review', {}, undefined, 'status=open')).body.items).toEqual([]);
    // Nothing changed, so nothing was published either.
    expect(await eventsAfter(t.app, eventsBefore)).toEqual([]);
    const constraints: Array<{ kind: string; revoked_at: Date | null }> = await t.app
      .get(DataSource)
      .query(`SELECT kind, revoked_at FROM link_constraints`);
    expect(constraints).toEqual([
      { kind: decision === 'match' ? 'must_link' : 'cannot_link', revoked_at: null },
    ]);
  });
});

describe('deciding one pair of a record', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(stewardEnv());
  });
  afterEach(() => t?.close());

  it('keeps the open questions about its other pairs in the queue, and drops those it answers', async () => {
    // Three records of one name and birth date, each with its own email and id: three review pairs.
    await upsert(t.app, 'crm', 'C-1', adaCrm);
    await upsert(t.app, 'billing', 'B-1', adaBilling);
    await upsert(t.app, 'support', 'S-1', { ...adaCrm, email: 'ada@support.example', ssn: '555' });
    const queue = (await call(t.app, 'get', '/v1/review')).body.items as Array<ResponseBody>;
    expect(queue).toHaveLength(3);
    const pair = (x: string, y: string) =>
      queue.find((i) => [i.a.sourceId, i.b.sourceId].sort().join() === [x, y].sort().join())!;

    await call(
      t.app,
      'post',
      '/v1/review/{id}/decision',
      { id: pair('C-1', 'B-1').id },
      { decision: 'no-match', reason: 'n' },
    );
    const open = (await call(t.app, 'get', '/v1/review')).body.items.map((i: { id: string }) => i.id);
    expect(open.sort()).toEqual([pair('C-1', 'S-1').id, pair('B-1', 'S-1').id].sort());

    // Linking S-1 to C-1 answers the S-1/B-1 question too: B-1 may never join C-1's entity.
    await call(
      t.app,
      'post',
      '/v1/review/{id}/decision',
      { id: pair('C-1', 'S-1').id },
      { decision: 'match', reason: 'y' },
    );
    expect(await currentPartition(t.app, 'person')).toEqual([['billing:B-1'], ['crm:C-1', 'support:S-1']]);
    expect((await call(t.app, 'get', '/v1/review')).body.items).toEqual([]);
    // Nor does re-scoring ask it again.
    await applyChanges(t.app, 'person', [
      {
        domain: 'support',
        sourceId: 'S-1',
        attributes: { ...adaCrm, email: 'ada@support.example', ssn: '555' },
      },
    ]);
    expect((await call(t.app, 'get', '/v1/review')).body.items).toEqual([]);
  });
});
