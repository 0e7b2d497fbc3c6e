import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { expectToMatchSpec } from '../support/openapi';
import { mergeScenario, MergeScenario, remove, upsert, xrefMatchersDir } from './xref-fixtures';

const ROUTE = '/v1/golden/search';

describe('GET /v1/golden/search', () => {
  let t: TestApp;
  let merge: MergeScenario;
  let grace: string;
  const search = (query: string) => request(t.app.getHttpServer()).get(`${ROUTE}?${query}`);

  beforeAll(async () => {
    t = await startTestApp({ MATCHERS_DIR: xrefMatchersDir(), KAFKA_BROKERS: undefined });
    merge = await mergeScenario(t.app);
    grace = await upsert(t.app, 'person', 'crm', 'G-1', { name: 'Grace Hopper', email: 'grace@navy.mil' });
    await upsert(t.app, 'person', 'crm', 'L-1', { name: 'Linus Torvalds', email: 'linus@kernel.org' });
    await upsert(t.app, 'person', 'crm', 'D-1', { name: 'Adaline Bowman', email: 'adaline@example.org' });
    await upsert(t.app, 'person', 'crm', 'X-1', { name: 'Ada Lovelock', ssn: '987' });
    await remove(t.app, 'person', 'crm', 'X-1');
  });
  afterAll(() => t?.close());

  it('finds an entity by a misspelt name, best match first, with scores', async () => {
    const res = await search('entityType=person&q=ada%20lovlace').expect(200);
    expectToMatchSpec(res, 'get', ROUTE);
    expect(res.body).toMatchObject({ entityType: 'person', q: 'ada lovlace' });
    expect(res.body.results[0]).toMatchObject({ goldenId: merge.older, memberCount: 3 });
    expect(res.body.results[0].attributes).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com' });
    const scores = res.body.results.map((r: { score: number }) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeGreaterThan(0.5);
    // Retired and deleted entities are never found.
    const ids = res.body.results.map((r: { goldenId: string }) => r.goldenId);
    expect(ids).not.toContain(merge.younger);
    expect(
      res.body.results.every((r: { attributes: { name?: string } }) => r.attributes.name !== 'Ada Lovelock'),
    ).toBe(true);
  });

  it('finds by any survived attribute, such as an email', async () => {
    const res = await search('entityType=person&q=grace@navy').expect(200);
    expectToMatchSpec(res, 'get', ROUTE);
    expect(res.body.results[0].goldenId).toBe(grace);
  });

  it('respects limit and answers no results for nothing similar', async () => {
    const limited = await search('entityType=person&q=ada&limit=1').expect(200);
    expectToMatchSpec(limited, 'get', ROUTE);
    expect(limited.body.results.length).toBeLessThanOrEqual(1);
    const none = await search('entityType=person&q=zzqqxxyy').expect(200);
    expectToMatchSpec(none, 'get', ROUTE);
    expect(none.body.results).toEqual([]);
  });

  it.each([
    ['no q', 'entityType=person', 'q'],
    ['a one-letter q', 'entityType=person&q=a', 'q'],
    ['a limit over 100', 'entityType=person&q=ada&limit=101', 'limit'],
    ['no entityType', 'q=ada', 'entityType'],
  ])('answers 400 for %s', async (_name, query, field) => {
    const res = await search(query).expect(400);
    expectToMatchSpec(res, 'get', ROUTE);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('answers 400 XREF.UNKNOWN_ENTITY_TYPE for an unknown type', async () => {
    const res = await search('entityType=persn&q=ada').expect(400);
    expectToMatchSpec(res, 'get', ROUTE);
    expect(res.body.code).toBe('XREF.UNKNOWN_ENTITY_TYPE');
  });
});
