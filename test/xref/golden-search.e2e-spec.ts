import request from 'supertest';
import { DataSource } from 'typeorm';
import { expectEventually } from '../ingestion/support/fixtures';
import { startTestApp, TestApp } from '../support/app';
import { expectToMatchSpec } from '../support/openapi';
import { mergeScenario, MergeScenario, remove, upsert, xrefMatchersDir } from './xref-fixtures';

const ROUTE = '/v1/golden/search';
/** The search follows the golden events a moment behind (the search indexer): tests poll for it. */
const INDEXED_WITHIN_MS = 15_000;

type Hit = { goldenId: string; memberCount: number; attributes: Record<string, unknown>; score: number };

describe('GET /v1/golden/search', () => {
  let t: TestApp;
  let merge: MergeScenario;
  let grace: string;
  const search = (query: string) => request(t.app.getHttpServer()).get(`${ROUTE}?${query}`);
  /** The ids a search answers, polled until `done` holds for them; returns the last answer. */
  const searchUntil = async (query: string, done: (ids: string[]) => boolean, what: string) => {
    let last: request.Response | undefined;
    await expectEventually(
      async () => {
        last = await search(query).expect(200);
        return done((last.body.results as Hit[]).map((r) => r.goldenId));
      },
      INDEXED_WITHIN_MS,
      what,
    );
    return last!;
  };

  beforeAll(async () => {
    t = await startTestApp({ MATCHERS_DIR: xrefMatchersDir(), KAFKA_BROKERS: undefined });
    merge = await mergeScenario(t.app);
    grace = await upsert(t.app, 'person', 'crm', 'G-1', { name: 'Grace Hopper', email: 'grace@navy.mil' });
    await upsert(t.app, 'person', 'crm', 'L-1', { name: 'Linus Torvalds', email: 'linus@kernel.org' });
    await upsert(t.app, 'person', 'crm', 'D-1', { name: 'Adaline Bowman', email: 'adaline@example.org' });
    await upsert(t.app, 'person', 'crm', 'X-1', { name: 'Ada Lovelock', ssn: '987' });
    await remove(t.app, 'person', 'crm', 'X-1');
    // Everything above is searchable once Linus, written after the merge, is.
    await searchUntil('entityType=person&q=linus%20torvalds', (ids) => ids.length > 0, 'the setup indexed');
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

  it('finds an entity under its new attributes after an update, and no longer under the old ones', async () => {
    const id = await upsert(t.app, 'person', 'crm', 'H-1', {
      name: 'Hedy Lamarr',
      email: 'hedy@film.example',
    });
    await searchUntil('entityType=person&q=hedy%20lamarr', (ids) => ids[0] === id, 'Hedy indexed');
    expect(
      await upsert(t.app, 'person', 'crm', 'H-1', { name: 'Hedwig Kiesler', email: 'hedwig@patent.example' }),
    ).toBe(id);
    const res = await searchUntil(
      'entityType=person&q=hedwig%20kiesler',
      (ids) => ids[0] === id,
      'the new name',
    );
    expectToMatchSpec(res, 'get', ROUTE);
    expect(res.body.results[0].attributes).toMatchObject({ name: 'Hedwig Kiesler' });
    await searchUntil('entityType=person&q=hedy%20lamarr', (ids) => !ids.includes(id), 'the old name gone');
  });

  it('finds a merged entity by what its retired member brought, and never the retired id', async () => {
    const res = await searchUntil(
      'entityType=person&q=ada@example',
      (ids) => ids[0] === merge.older,
      'merge',
    );
    const ids = (res.body.results as Hit[]).map((r) => r.goldenId);
    expect(ids).not.toContain(merge.younger);
    // The indexer removed the retired entity's row, not only the query's filter on status.
    const rows: unknown[] = await t.app
      .get(DataSource)
      .query(`SELECT 1 FROM golden_search WHERE golden_id = $1`, [merge.younger]);
    expect(rows).toEqual([]);
  });

  it('does not find an entity after its only record is deleted', async () => {
    const id = await upsert(t.app, 'person', 'crm', 'Z-1', { name: 'Zebulon Quaggard' });
    await searchUntil('entityType=person&q=zebulon%20quaggard', (ids) => ids.includes(id), 'Zebulon indexed');
    await remove(t.app, 'person', 'crm', 'Z-1');
    await searchUntil('entityType=person&q=zebulon%20quaggard', (ids) => !ids.includes(id), 'Zebulon gone');
    const db = t.app.get(DataSource);
    await expectEventually(
      async () => (await db.query(`SELECT 1 FROM golden_search WHERE golden_id = $1`, [id])).length === 0,
      INDEXED_WITHIN_MS,
      "the deleted entity's search row removed",
    );
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
