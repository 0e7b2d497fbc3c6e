import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { expectToMatchSpec } from '../support/openapi';
import {
  chainScenario,
  mergeScenario,
  MergeScenario,
  remove,
  splitScenario,
  SplitScenario,
  upsert,
  xrefMatchersDir,
} from './xref-fixtures';

const GET = '/v1/golden/{goldenId}';
const HISTORY = '/v1/golden/{goldenId}/history';
const EXPLAIN = '/v1/golden/{goldenId}/explain';

describe('GET /v1/golden/{goldenId}, /history and /explain', () => {
  let t: TestApp;
  let merge: MergeScenario;
  let split: SplitScenario;
  let chain: { old: string; mid: string; young: string };
  let deleted: string;
  const get = (path: string) => request(t.app.getHttpServer()).get(path);

  beforeAll(async () => {
    t = await startTestApp({ MATCHERS_DIR: xrefMatchersDir(), KAFKA_BROKERS: undefined });
    merge = await mergeScenario(t.app);
    split = await splitScenario(t.app);
    chain = await chainScenario(t.app);
    deleted = await upsert(t.app, 'person', 'crm', 'TEMP', { name: 'Short Lived', ssn: '404' });
    await remove(t.app, 'person', 'crm', 'TEMP');
  });
  afterAll(() => t?.close());

  it('answers an active entity with its survived attributes, each with the member it came from', async () => {
    const res = await get(`/v1/golden/${merge.older}`).expect(200);
    expectToMatchSpec(res, 'get', GET);
    expect(res.body).toMatchObject({
      goldenId: merge.older,
      entityType: 'person',
      status: 'active',
      splitFrom: null,
    });
    expect(res.body.attributes.ssn).toEqual({
      value: '111',
      domain: expect.any(String),
      sourceId: expect.any(String),
    });
    expect(res.body.attributes.email).toMatchObject({ value: 'ada@example.com' });
    expect(res.body.members.map((m: { sourceId: string }) => m.sourceId)).toEqual(['B-1', 'C-1', 'S-1']);
  });

  it('answers a split-off entity with splitFrom', async () => {
    const res = await get(`/v1/golden/${split.splitId}`).expect(200);
    expectToMatchSpec(res, 'get', GET);
    expect(res.body).toMatchObject({
      splitFrom: split.goldenId,
      members: [expect.objectContaining({ sourceId: 'B-2', cause: 'split' })],
    });
  });

  it('answers 308 for a retired id, with Location at the survivor and a body that says why', async () => {
    const res = await get(`/v1/golden/${merge.younger}`).expect(308);
    expectToMatchSpec(res, 'get', GET);
    expect(res.headers.location).toBe(`/v1/golden/${merge.older}`);
    expect(res.body).toMatchObject({
      code: 'GOLDEN.RETIRED',
      details: { goldenId: merge.younger, survivorId: merge.older, location: `/v1/golden/${merge.older}` },
    });
    expect(Date.parse(res.body.details.retiredAt)).not.toBeNaN();
  });

  it('follows a retirement chain to the final survivor', async () => {
    expect(await get(`/v1/golden/${chain.mid}`).expect(308)).toMatchObject({
      headers: { location: `/v1/golden/${chain.old}` },
    });
    const res = await get(`/v1/golden/${chain.young}`).expect(308);
    expectToMatchSpec(res, 'get', GET);
    expect(res.headers.location).toBe(`/v1/golden/${chain.old}`);
    expect(res.body.details.survivorId).toBe(chain.old);
    const survivor = await get(res.headers.location).expect(200);
    expectToMatchSpec(survivor, 'get', GET);
    expect(survivor.body.members).toHaveLength(5);
  });

  it('answers 410 GOLDEN.DELETED for a deleted entity and 404 GOLDEN.UNKNOWN_ID for an unknown id', async () => {
    const gone = await get(`/v1/golden/${deleted}`).expect(410);
    expectToMatchSpec(gone, 'get', GET);
    expect(gone.body).toMatchObject({ code: 'GOLDEN.DELETED', details: { goldenId: deleted } });
    const unknown = await get('/v1/golden/no-such-id').expect(404);
    expectToMatchSpec(unknown, 'get', GET);
    expect(unknown.body.code).toBe('GOLDEN.UNKNOWN_ID');
  });

  it('answers 400 for an over-long id', async () => {
    const res = await get(`/v1/golden/${'x'.repeat(129)}`).expect(400);
    expectToMatchSpec(res, 'get', GET);
  });

  it('gives the history in version order with causes and member changes', async () => {
    const res = await get(`/v1/golden/${merge.older}/history`).expect(200);
    expectToMatchSpec(res, 'get', HISTORY);
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual([
      'golden.created',
      'golden.merged',
      'golden.member-added',
      'golden.attributes-changed',
    ]);
    expect(res.body.events.map((e: { version: number }) => e.version)).toEqual([1, 2, 3, 4]);
    expect(res.body.events[1]).toMatchObject({
      cause: 'match',
      survivorId: merge.older,
      retiredIds: [merge.younger],
    });
    expect(res.body.nextAfter).toBeNull();
  });

  it('pages the history with after and limit', async () => {
    const first = await get(`/v1/golden/${merge.older}/history?limit=3`).expect(200);
    expectToMatchSpec(first, 'get', HISTORY);
    expect(first.body.events.map((e: { version: number }) => e.version)).toEqual([1, 2, 3]);
    expect(first.body.nextAfter).toBe(3);
    const second = await get(`/v1/golden/${merge.older}/history?after=3&limit=3`).expect(200);
    expectToMatchSpec(second, 'get', HISTORY);
    expect(second.body.events.map((e: { version: number }) => e.version)).toEqual([4]);
    expect(second.body.nextAfter).toBeNull();
  });

  it('serves the history of retired and deleted ids', async () => {
    const retired = await get(`/v1/golden/${merge.younger}/history`).expect(200);
    expectToMatchSpec(retired, 'get', HISTORY);
    expect(retired.body).toMatchObject({ status: 'retired' });
    expect(retired.body.events.map((e: { type: string }) => e.type)).toEqual([
      'golden.created',
      'golden.merged',
    ]);
    const gone = await get(`/v1/golden/${deleted}/history`).expect(200);
    expectToMatchSpec(gone, 'get', HISTORY);
    expect(gone.body.events.at(-1)).toMatchObject({
      type: 'golden.deleted',
      cause: 'delete',
      removed: [{ domain: 'crm', sourceId: 'TEMP' }],
    });
  });

  it('answers 404 and 400 on the history route', async () => {
    const unknown = await get('/v1/golden/no-such-id/history').expect(404);
    expectToMatchSpec(unknown, 'get', HISTORY);
    const bad = await get(`/v1/golden/${merge.older}/history?after=-1&limit=501`).expect(400);
    expectToMatchSpec(bad, 'get', HISTORY);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['after', 'limit']);
  });

  it('explains each match edge among the members with its stored explanation', async () => {
    const res = await get(`/v1/golden/${merge.older}/explain`).expect(200);
    expectToMatchSpec(res, 'get', EXPLAIN);
    expect(res.body.members).toHaveLength(3);
    expect(res.body.truncated).toBe(false);
    // S-1 links C-1 (ssn) and B-1 (email); C-1 and B-1 do not match each other.
    const pairs = res.body.edges.map((e: { a: { sourceId: string }; b: { sourceId: string } }) =>
      [e.a.sourceId, e.b.sourceId].sort().join('–'),
    );
    expect(pairs.sort()).toEqual(['B-1–S-1', 'C-1–S-1']);
    const edge = res.body.edges[0];
    expect(edge.kind).toBe('auto');
    expect(edge.probability).toBeGreaterThanOrEqual(0.95);
    expect(edge.explanation.blockingKey).toEqual(expect.any(String));
    expect(edge.explanation.comparisons.map((c: { name: string }) => c.name)).toEqual([
      'name',
      'email',
      'dob',
      'ssn',
    ]);
    expect(edge.explanation.totalWeight).toBeCloseTo(edge.score, 2);
  });

  it('redirects explain of a retired id to the survivor, and answers 410 for a deleted one', async () => {
    const res = await get(`/v1/golden/${merge.younger}/explain`).expect(308);
    expectToMatchSpec(res, 'get', EXPLAIN);
    expect(res.headers.location).toBe(`/v1/golden/${merge.older}/explain`);
    const gone = await get(`/v1/golden/${deleted}/explain`).expect(410);
    expectToMatchSpec(gone, 'get', EXPLAIN);
    const unknown = await get('/v1/golden/no-such-id/explain').expect(404);
    expectToMatchSpec(unknown, 'get', EXPLAIN);
  });
});
