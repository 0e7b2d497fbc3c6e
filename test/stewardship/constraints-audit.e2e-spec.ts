import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { currentPartition } from '../support/resolution-harness';
import { adaBilling, adaCrm, call, reviewPair, stewardEnv, upsert } from './steward-fixtures';

const ada = { name: 'Ada Lovelace', ssn: '111' };
const grace = { name: 'Grace Hopper', ssn: '222' };
const key = (domain: string, sourceId: string) => ({ entityType: 'person', domain, sourceId });

describe('constraints, the audit log and governance counters', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(stewardEnv());
  });
  afterEach(() => t?.close());

  it('records, lists and revokes constraints, reclustering each time', async () => {
    await upsert(t.app, 'crm', 'C-1', ada);
    await upsert(t.app, 'crm', 'C-2', grace);
    const created = await call(
      t.app,
      'post',
      '/v1/constraints',
      {},
      {
        kind: 'must_link',
        a: key('crm', 'C-1'),
        b: key('crm', 'C-2'),
        reason: 'same customer, renamed',
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.constraint).toMatchObject({
      kind: 'must_link',
      active: true,
      createdBy: 'anonymous',
      a: { domain: 'crm', sourceId: 'C-1' },
      b: { domain: 'crm', sourceId: 'C-2' },
    });
    expect(created.body.entities).toHaveLength(1);
    expect(await currentPartition(t.app, 'person')).toEqual([['crm:C-1', 'crm:C-2']]);

    const twice = await call(
      t.app,
      'post',
      '/v1/constraints',
      {},
      {
        kind: 'must_link',
        a: key('crm', 'C-2'),
        b: key('crm', 'C-1'),
        reason: 'again',
      },
    );
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({
      code: 'STEWARDSHIP.CONSTRAINT_EXISTS',
      details: { constraintId: created.body.constraint.id },
    });
    const contradiction = await call(
      t.app,
      'post',
      '/v1/constraints',
      {},
      {
        kind: 'cannot_link',
        a: key('crm', 'C-1'),
        b: key('crm', 'C-2'),
        reason: 'no',
      },
    );
    expect(contradiction.status).toBe(409);
    expect(contradiction.body.code).toBe('STEWARDSHIP.CONSTRAINT_CONFLICT');

    const listed = await call(
      t.app,
      'get',
      '/v1/constraints',
      {},
      undefined,
      'entityType=person&record=crm:C-2',
    );
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([created.body.constraint.id]);

    const revoked = await call(
      t.app,
      'delete',
      '/v1/constraints/{id}',
      { id: created.body.constraint.id },
      { reason: 'the rename was a mistake' },
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.constraint).toMatchObject({
      active: false,
      revokedBy: 'anonymous',
      revokeReason: 'the rename was a mistake',
    });
    // Nothing but the steward held them together.
    expect(await currentPartition(t.app, 'person')).toEqual([['crm:C-1'], ['crm:C-2']]);
    expect((await call(t.app, 'get', '/v1/constraints', {}, undefined, 'status=active')).body.items).toEqual(
      [],
    );
    expect(
      (await call(t.app, 'get', '/v1/constraints', {}, undefined, 'status=revoked')).body.items,
    ).toHaveLength(1);

    const again = await call(
      t.app,
      'delete',
      '/v1/constraints/{id}',
      { id: created.body.constraint.id },
      { reason: 'x' },
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('STEWARDSHIP.CONSTRAINT_REVOKED');
    const missing = await call(t.app, 'delete', '/v1/constraints/{id}', { id: 999999 }, { reason: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('STEWARDSHIP.CONSTRAINT_NOT_FOUND');

    const actions = (await call(t.app, 'get', '/v1/audit', {}, undefined, 'actor=anonymous')).body.items.map(
      (e: { action: string }) => e.action,
    );
    expect(actions).toEqual(['constraint.revoke', 'constraint.create']);
  });

  it('puts a pair back in review when its must-link is revoked and it scores in the review band', async () => {
    await upsert(t.app, 'crm', 'C-1', adaCrm);
    await upsert(t.app, 'billing', 'B-1', adaBilling);
    const [item] = (await call(t.app, 'get', '/v1/review')).body.items;
    const decided = await call(
      t.app,
      'post',
      '/v1/review/{id}/decision',
      { id: item.id },
      { decision: 'match', reason: 'y' },
    );
    expect(await currentPartition(t.app, 'person')).toEqual([['billing:B-1', 'crm:C-1']]);
    await call(
      t.app,
      'delete',
      '/v1/constraints/{id}',
      { id: decided.body.constraintId },
      { reason: 'undo' },
    );
    expect(await currentPartition(t.app, 'person')).toEqual([['billing:B-1'], ['crm:C-1']]);
    const queue = (await call(t.app, 'get', '/v1/review')).body.items;
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ reason: 'review_band', status: 'open', a: { sourceId: 'C-1' } });
  });

  it('refuses invalid constraints with a reason per field, and unknown records with 404', async () => {
    await upsert(t.app, 'crm', 'C-1', ada);
    const cases: Array<[unknown, string]> = [
      [{ kind: 'maybe', a: key('crm', 'C-1'), b: key('crm', 'C-2'), reason: 'x' }, 'kind'],
      [{ kind: 'must_link', a: key('crm', 'C-1'), reason: 'x' }, 'b'],
      [
        {
          kind: 'must_link',
          a: key('crm', 'C-1'),
          b: { ...key('crm', 'C-2'), entityType: 'account' },
          reason: 'x',
        },
        'b.entityType',
      ],
      [{ kind: 'must_link', a: key('crm', 'C-1'), b: key('crm', 'C-1'), reason: 'x' }, 'b'],
      [
        {
          kind: 'must_link',
          a: { ...key('crm', 'C-1'), entityType: 'nope' },
          b: { ...key('crm', 'C-1'), entityType: 'nope' },
          reason: 'x',
        },
        'a.entityType',
      ],
      [{ kind: 'must_link', a: key('crm', 'C-1'), b: key('crm', 'C-2'), reason: 'x', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await call(t.app, 'post', '/v1/constraints', {}, body);
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const unknown = await call(
      t.app,
      'post',
      '/v1/constraints',
      {},
      {
        kind: 'cannot_link',
        a: key('crm', 'C-1'),
        b: key('crm', 'C-404'),
        reason: 'x',
      },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({
      code: 'STEWARDSHIP.UNKNOWN_RECORD',
      details: { field: 'b', deleted: false },
    });
  });

  it('keeps the audit log append-only at the database level', async () => {
    await upsert(t.app, 'crm', 'C-1', ada);
    await upsert(t.app, 'crm', 'C-2', grace);
    await call(
      t.app,
      'post',
      '/v1/constraints',
      {},
      {
        kind: 'cannot_link',
        a: key('crm', 'C-1'),
        b: key('crm', 'C-2'),
        reason: 'different people',
      },
    );
    const ds = t.app.get(DataSource);
    await expect(ds.query(`UPDATE audit_log SET reason = 'rewritten'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    // Even a statement that matches no row is refused.
    await expect(ds.query(`DELETE FROM audit_log WHERE false`)).rejects.toThrow(/append-only/);
    const rows: Array<{ reason: string }> = await ds.query(`SELECT reason FROM audit_log`);
    expect(rows).toEqual([{ reason: 'different people' }]);
  });

  it('pages the audit log and the review queue with bounded limits and keyset cursors', async () => {
    await reviewPair(t.app, 1, 'Ada Lovelace');
    await reviewPair(t.app, 2, 'Grace Hopper');
    await reviewPair(t.app, 3, 'Alan Turing');
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await call(
        t.app,
        'get',
        '/v1/review',
        {},
        undefined,
        `sort=score&order=desc&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((i: { id: string }) => i.id));
      cursor = page.body.nextCursor;
    }
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    const oldestFirst = (await call(t.app, 'get', '/v1/review', {}, undefined, 'sort=age&order=desc')).body
      .items;
    expect(oldestFirst.map((i: { id: string }) => i.id)).toEqual(
      [...seen].sort((x, y) => Number(x) - Number(y)),
    );
    const newestFirst = (await call(t.app, 'get', '/v1/review', {}, undefined, 'sort=age&order=asc&limit=1'))
      .body;
    expect(newestFirst.items[0].id).toBe(oldestFirst[2].id);
    // A cursor of another sort order, a malformed one, and a limit over 200 are 400s.
    for (const query of [
      `sort=score&cursor=${newestFirst.nextCursor}`,
      'cursor=not-a-cursor',
      'limit=201',
      'sort=size',
    ]) {
      const res = await call(t.app, 'get', '/v1/review', {}, undefined, query);
      expect(res.status).toBe(400);
    }

    for (const item of oldestFirst) {
      await call(t.app, 'post', '/v1/review/{id}/assign', { id: item.id }, { assignee: 'bob' });
    }
    const first = await call(t.app, 'get', '/v1/audit', {}, undefined, 'action=review.assign&limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await call(
      t.app,
      'get',
      '/v1/audit',
      {},
      undefined,
      `action=review.assign&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((e: { id: string }) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    const since = new Date(Date.now() + 60_000).toISOString();
    expect((await call(t.app, 'get', '/v1/audit', {}, undefined, `since=${since}`)).body.items).toEqual([]);
    expect((await call(t.app, 'get', '/v1/audit', {}, undefined, 'limit=500')).status).toBe(400);
    expect((await call(t.app, 'get', '/v1/audit', {}, undefined, 'action=golden.delete')).status).toBe(400);
  });

  it('counts the queue by age, decisions per day, and automatic links overturned', async () => {
    // An automatic link (same national id) that a steward then rules apart.
    await upsert(t.app, 'crm', 'C-1', ada);
    await upsert(t.app, 'billing', 'B-1', ada);
    // A review-band pair, decided, and another left open.
    await reviewPair(t.app, 2, 'Grace Hopper');
    await reviewPair(t.app, 3, 'Alan Turing');

    const empty = await call(t.app, 'get', '/v1/review/stats', {}, undefined, 'entityType=person');
    expect(empty.body).toMatchObject({
      entityType: 'person',
      openByAge: { lt1h: 2, lt1d: 0, lt7d: 0, gte7d: 0, total: 2 },
      decisionsPerDay: [],
      autoLinkOverturn: { reviewedPairs: 0, overturnedPairs: 0, share: null },
    });

    await call(
      t.app,
      'post',
      '/v1/constraints',
      {},
      {
        kind: 'cannot_link',
        a: key('crm', 'C-1'),
        b: key('billing', 'B-1'),
        reason: 'twins',
      },
    );
    const [open] = (await call(t.app, 'get', '/v1/review', {}, undefined, 'limit=1')).body.items;
    await call(
      t.app,
      'post',
      '/v1/review/{id}/decision',
      { id: open.id },
      { decision: 'no-match', reason: 'n' },
    );

    const stats = await call(t.app, 'get', '/v1/review/stats');
    const today = new Date().toISOString().slice(0, 10);
    expect(stats.body).toMatchObject({
      entityType: null,
      openByAge: { total: 1 },
      decisionsPerDay: [{ day: today, match: 0, noMatch: 1 }],
      // The review-band decision had no automatic edge: only the twins count.
      autoLinkOverturn: { reviewedPairs: 1, overturnedPairs: 1, share: 1 },
    });
  });
});
