import request from 'supertest';
import { pollUntil } from '../support/poll';
import { startTestApp, TestApp } from '../support/app';
import { PERSON_MATCHER, writeMatchersDir } from '../support/matchers';
import { expectToMatchSpec } from '../support/openapi';
import { applyChanges } from '../support/resolution-harness';
import { ORG_MATCHER, orgRecords } from './support';

/** The admin routes of corpus statistics, each response checked against openapi.yaml. */
describe('admin: corpus statistics routes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      MATCHERS_DIR: writeMatchersDir({ org: ORG_MATCHER, person: PERSON_MATCHER }),
      KAFKA_BROKERS: undefined,
    });
    await applyChanges(t.app, 'org', orgRecords());
  });
  afterAll(() => t.close());

  it('shows no snapshot, dry-runs a refresh, refreshes, and shows the active snapshot', async () => {
    const http = t.app.getHttpServer();
    const before = await request(http).get('/v1/admin/corpus-stats/org').expect(200);
    expectToMatchSpec(before, 'get', '/v1/admin/corpus-stats/{entityType}');
    expect(before.body).toMatchObject({
      entityType: 'org',
      vocabularies: ['country', 'name'],
      records: 45,
      active: null,
      latest: null,
      latestJob: null,
      due: null, // 45 records: under CORPUS_STATS_MIN_RECORDS
    });

    // The dry run predicts the splits of the boilerplate-linked departments, and stores nothing.
    const dry = await request(http).post('/v1/admin/corpus-stats/org/diff').expect(200);
    expectToMatchSpec(dry, 'post', '/v1/admin/corpus-stats/{entityType}/diff');
    expect(dry.body).toMatchObject({ entityType: 'org', records: 45 });
    expect(dry.body.entities.splits).toBeGreaterThan(0);
    expect(dry.body.links.removed).toBeGreaterThan(0);
    expect((await request(http).get('/v1/admin/corpus-stats/org').expect(200)).body.latest).toBeNull();

    const refreshed = await request(http).post('/v1/admin/corpus-stats/org/refresh').expect(202);
    expectToMatchSpec(refreshed, 'post', '/v1/admin/corpus-stats/{entityType}/refresh');
    expect(refreshed.body.snapshot).toMatchObject({ version: 1, trigger: 'manual', records: 45 });
    expect(refreshed.body.job).toMatchObject({ kind: 'stats', entityType: 'org', total: 45 });
    const job = await pollUntil(
      'the stats roll-out job',
      async () => (await request(http).get(`/v1/admin/jobs/${refreshed.body.job.id}`)).body,
      (j: { status: string; goldenEvents: number }) => j.status !== 'running',
      30_000,
      100,
    );
    expect(job).toMatchObject({ status: 'done', processed: 45 });
    expect(job.goldenEvents).toBeGreaterThan(0);

    const after = await request(http).get('/v1/admin/corpus-stats/org').expect(200);
    expectToMatchSpec(after, 'get', '/v1/admin/corpus-stats/{entityType}');
    expect(after.body.active).toEqual(refreshed.body.snapshot);
    expect(after.body.latestJob).toMatchObject({ id: refreshed.body.job.id, status: 'done' });
    // Counting the same records again changes nothing.
    const again = await request(http).post('/v1/admin/corpus-stats/org/diff').expect(200);
    expect([again.body.links.added, again.body.links.removed, again.body.entities.recordsMoved]).toEqual([
      0, 0, 0,
    ]);
  });

  it('refuses an unknown entity type (404) and a matcher that reads no statistics (409)', async () => {
    const http = t.app.getHttpServer();
    for (const [method, path] of [
      ['get', '/v1/admin/corpus-stats/{entityType}'],
      ['post', '/v1/admin/corpus-stats/{entityType}/refresh'],
      ['post', '/v1/admin/corpus-stats/{entityType}/diff'],
    ] as const) {
      const unknown = await request(http)[method](path.replace('{entityType}', 'spaceship'));
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('COMMON.NOT_FOUND');
      expectToMatchSpec(unknown, method, path);
    }
    const unused = await request(http).post('/v1/admin/corpus-stats/person/refresh');
    expect(unused.status).toBe(409);
    expect(unused.body.code).toBe('ADMIN.STATS_UNUSED');
    expectToMatchSpec(unused, 'post', '/v1/admin/corpus-stats/{entityType}/refresh');
    const person = await request(http).get('/v1/admin/corpus-stats/person').expect(200);
    expect(person.body).toMatchObject({ vocabularies: [], active: null, due: null });
  });
});
