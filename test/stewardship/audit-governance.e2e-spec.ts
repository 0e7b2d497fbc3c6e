import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { call, recordKey, reviewPair, stewardEnv, upsert } from './steward-fixtures';

const ada = { name: 'Ada Lovelace', ssn: '111' };
const grace = { name: 'Grace Hopper', ssn: '222' };

describe('the audit log, paging and governance counters', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(stewardEnv());
  });
  afterEach(() => t?.close());

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
        a: recordKey('crm', 'C-1'),
        b: recordKey('crm', 'C-2'),
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
        a: recordKey('crm', 'C-1'),
        b: recordKey('billing', 'B-1'),
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
