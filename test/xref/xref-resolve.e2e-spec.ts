import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { expectToMatchSpec } from '../support/openapi';
import { mergeScenario, MergeScenario, splitScenario, SplitScenario, xrefMatchersDir } from './xref-fixtures';

const ROUTE = '/v1/xref/resolve';
const key = (domain: string, sourceId: string, entityType = 'person') => ({ entityType, domain, sourceId });

describe('POST /v1/xref/resolve', () => {
  let t: TestApp;
  let merge: MergeScenario;
  let split: SplitScenario;
  const post = (body: unknown) =>
    request(t.app.getHttpServer())
      .post(ROUTE)
      .send(body as object);

  beforeAll(async () => {
    t = await startTestApp({ MATCHERS_DIR: xrefMatchersDir(), KAFKA_BROKERS: undefined });
    merge = await mergeScenario(t.app);
    split = await splitScenario(t.app);
  });
  afterAll(() => t?.close());

  it('answers every key in request order, with null for unknown keys', async () => {
    const res = await post({
      keys: [key('crm', 'C-1'), key('crm', 'NOPE'), key('billing', 'B-2'), key('billing', 'B-1')],
    })
      .expect(200)
      // PostgreSQL writes the answer's JSON text, which the service passes through.
      .expect('content-type', /^application\/json/);
    expectToMatchSpec(res, 'post', ROUTE);
    expect(res.body.asOf).toBeNull();
    expect(res.body.results.map((r: { goldenId: string } | null) => r?.goldenId ?? null)).toEqual([
      merge.older,
      null,
      split.splitId,
      merge.older,
    ]);
    expect(res.body.results[0].members.map((m: { sourceId: string }) => m.sourceId)).toEqual([
      'B-1',
      'C-1',
      'S-1',
    ]);
  });

  it('answers a repeated key once per occurrence', async () => {
    const res = await post({ keys: [key('crm', 'C-1'), key('crm', 'C-1')] }).expect(200);
    expectToMatchSpec(res, 'post', ROUTE);
    expect(res.body.results[1]).toEqual(res.body.results[0]);
  });

  it('lists only the members of targetDomain: the join-key question', async () => {
    const res = await post({ keys: [key('crm', 'C-1'), key('crm', 'C-2')], targetDomain: 'billing' }).expect(
      200,
    );
    expectToMatchSpec(res, 'post', ROUTE);
    expect(
      res.body.results.map((r: { members: Array<{ sourceId: string }> }) => r.members.map((m) => m.sourceId)),
    ).toEqual([['B-1'], []]);
  });

  it('answers as of before and after a merge', async () => {
    const keys = [key('billing', 'B-1'), key('support', 'S-1')];
    const before = await post({ keys, asOf: merge.beforeMerge }).expect(200);
    expectToMatchSpec(before, 'post', ROUTE);
    expect(before.body.asOf).toBe(merge.beforeMerge);
    // S-1 did not exist yet; B-1 was alone in the younger entity.
    expect(before.body.results).toEqual([
      {
        goldenId: merge.younger,
        members: [expect.objectContaining({ domain: 'billing', sourceId: 'B-1', cause: 'new' })],
      },
      null,
    ]);
    const after = await post({ keys, asOf: merge.afterMerge }).expect(200);
    expectToMatchSpec(after, 'post', ROUTE);
    expect(after.body.results.map((r: { goldenId: string }) => r.goldenId)).toEqual([
      merge.older,
      merge.older,
    ]);
  });

  it('answers as of before and after a split', async () => {
    const keys = [key('billing', 'B-2'), key('crm', 'C-2')];
    const before = await post({ keys, asOf: split.beforeSplit }).expect(200);
    expectToMatchSpec(before, 'post', ROUTE);
    expect(before.body.results.map((r: { goldenId: string }) => r.goldenId)).toEqual([
      split.goldenId,
      split.goldenId,
    ]);
    const after = await post({ keys, asOf: split.afterSplit }).expect(200);
    expectToMatchSpec(after, 'post', ROUTE);
    expect(after.body.results.map((r: { goldenId: string }) => r.goldenId)).toEqual([
      split.splitId,
      split.goldenId,
    ]);
  });

  it('answers 10,000 keys', async () => {
    const keys = Array.from({ length: 10_000 }, (_, i) =>
      i % 1000 === 0 ? key('crm', 'C-1') : key('crm', `X-${i}`),
    );
    const res = await post({ keys }).expect(200);
    expectToMatchSpec(res, 'post', ROUTE);
    expect(res.body.results).toHaveLength(10_000);
    expect(res.body.results.filter((r: unknown) => r !== null)).toHaveLength(10);
  });

  it('refuses more than 10,000 keys with 413 XREF.TOO_MANY_KEYS, before validating them', async () => {
    const res = await post({ keys: Array.from({ length: 10_001 }, () => ({ bogus: true })) }).expect(413);
    expectToMatchSpec(res, 'post', ROUTE);
    expect(res.body).toMatchObject({ code: 'XREF.TOO_MANY_KEYS', details: [{ field: 'keys' }] });
  });

  it('answers 400 with a reason per field for malformed keys', async () => {
    const res = await post({
      keys: [key('crm', 'C-1'), { entityType: 'person', domain: '' }, 'x'],
      asOf: 'soon',
      extra: 1,
    }).expect(400);
    expectToMatchSpec(res, 'post', ROUTE);
    expect(res.body.code).toBe('COMMON.VALIDATION_FAILED');
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining(['keys[1].domain', 'keys[1].sourceId', 'keys[2]', 'asOf', 'extra']),
    );
  });

  it.each([
    ['no keys', { keys: [] }, 'keys'],
    ['keys not an array', { keys: 'C-1' }, 'keys'],
    ['no body fields', {}, 'keys'],
  ])('answers 400 for %s', async (_name, body, field) => {
    const res = await post(body).expect(400);
    expectToMatchSpec(res, 'post', ROUTE);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('answers 400 XREF.UNKNOWN_ENTITY_TYPE naming each key of an unknown type', async () => {
    const res = await post({ keys: [key('crm', 'C-1'), key('crm', 'C-1', 'persn')] }).expect(400);
    expectToMatchSpec(res, 'post', ROUTE);
    expect(res.body).toMatchObject({
      code: 'XREF.UNKNOWN_ENTITY_TYPE',
      details: [{ field: 'keys[1].entityType' }],
    });
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await request(t.app.getHttpServer())
      .post(ROUTE)
      .set('content-type', 'application/json')
      .send('{"keys": [')
      .expect(400);
    expectToMatchSpec(res, 'post', ROUTE);
  });
});
