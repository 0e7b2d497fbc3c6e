import { startTestApp, TestApp } from '../support/app';
import { currentPartition } from '../support/resolution-harness';
import { adaBilling, adaCrm, call, recordKey, stewardEnv, upsert } from './steward-fixtures';

/** Records that share only a name do not link: what holds them together is the steward's. */
const ada = { name: 'Ada Lovelace', ssn: '111' };
const grace = { name: 'Grace Hopper', ssn: '222' };

describe('link constraints', () => {
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
        a: recordKey('crm', 'C-1'),
        b: recordKey('crm', 'C-2'),
        reason: 'same customer, renamed',
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.constraint).toMatchObject({
      kind: 'must_link',
      active: true,
      a: { domain: 'crm', sourceId: 'C-1' },
      b: { domain: 'crm', sourceId: 'C-2' },
    });
    expect(created.body.entities).toHaveLength(1);
    // The request's actor is the authenticated key's (the test app sends the bootstrap admin key).
    const actor = 'bootstrap-admin';
    expect(created.body.constraint.createdBy).toBe(actor);
    expect(await currentPartition(t.app, 'person')).toEqual([['crm:C-1', 'crm:C-2']]);

    const twice = await call(
      t.app,
      'post',
      '/v1/constraints',
      {},
      {
        kind: 'must_link',
        a: recordKey('crm', 'C-2'),
        b: recordKey('crm', 'C-1'),
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
        a: recordKey('crm', 'C-1'),
        b: recordKey('crm', 'C-2'),
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
      revokedBy: actor,
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

    const actions = (
      await call(t.app, 'get', '/v1/audit', {}, undefined, `actor=${encodeURIComponent(actor)}`)
    ).body.items.map((e: { action: string }) => e.action);
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

  it('refuses a cannot-link that would break must-links transitively', async () => {
    await upsert(t.app, 'crm', 'C-1', ada);
    await upsert(t.app, 'crm', 'C-2', grace);
    await upsert(t.app, 'crm', 'C-3', { name: 'Alan Turing', ssn: '333' });
    const links = [];
    for (const [x, y] of [
      ['C-1', 'C-2'],
      ['C-2', 'C-3'],
    ]) {
      const res = await call(
        t.app,
        'post',
        '/v1/constraints',
        {},
        {
          kind: 'must_link',
          a: recordKey('crm', x),
          b: recordKey('crm', y),
          reason: 'one customer',
        },
      );
      links.push(res.body.constraint.id as string);
    }
    expect(await currentPartition(t.app, 'person')).toEqual([['crm:C-1', 'crm:C-2', 'crm:C-3']]);
    const res = await call(
      t.app,
      'post',
      '/v1/constraints',
      {},
      {
        kind: 'cannot_link',
        a: recordKey('crm', 'C-1'),
        b: recordKey('crm', 'C-3'),
        reason: 'not the same',
      },
    );
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('STEWARDSHIP.CONSTRAINT_CONFLICT');
    expect(res.body.details.constraints.map((c: { id: string }) => c.id)).toEqual([links[1]]);
    // Nothing was kept: no cannot-link, the entity whole.
    expect(await currentPartition(t.app, 'person')).toEqual([['crm:C-1', 'crm:C-2', 'crm:C-3']]);
    const active = await call(t.app, 'get', '/v1/constraints', {}, undefined, 'entityType=person');
    expect(active.body.items.map((c: { kind: string }) => c.kind)).toEqual(['must_link', 'must_link']);
  });

  it('refuses invalid constraints with a reason per field, and unknown records with 404', async () => {
    await upsert(t.app, 'crm', 'C-1', ada);
    const cases: Array<[unknown, string]> = [
      [{ kind: 'maybe', a: recordKey('crm', 'C-1'), b: recordKey('crm', 'C-2'), reason: 'x' }, 'kind'],
      [{ kind: 'must_link', a: recordKey('crm', 'C-1'), reason: 'x' }, 'b'],
      [
        {
          kind: 'must_link',
          a: recordKey('crm', 'C-1'),
          b: { ...recordKey('crm', 'C-2'), entityType: 'account' },
          reason: 'x',
        },
        'b.entityType',
      ],
      [{ kind: 'must_link', a: recordKey('crm', 'C-1'), b: recordKey('crm', 'C-1'), reason: 'x' }, 'b'],
      [
        {
          kind: 'must_link',
          a: { ...recordKey('crm', 'C-1'), entityType: 'nope' },
          b: { ...recordKey('crm', 'C-1'), entityType: 'nope' },
          reason: 'x',
        },
        'a.entityType',
      ],
      [
        { kind: 'must_link', a: recordKey('crm', 'C-1'), b: recordKey('crm', 'C-2'), reason: 'x', extra: 1 },
        'extra',
      ],
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
        a: recordKey('crm', 'C-1'),
        b: recordKey('crm', 'C-404'),
        reason: 'x',
      },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({
      code: 'STEWARDSHIP.UNKNOWN_RECORD',
      details: { field: 'b', deleted: false },
    });
  });
});
