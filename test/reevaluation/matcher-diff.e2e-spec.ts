import request from 'supertest';
import { DataSource } from 'typeorm';
import { MatcherRegistry } from '../../src/core/matching/matcher-registry';
import { diffResolution } from '../../src/features/reevaluation/resolution-diff';
import {
  ReevaluationRepository,
  ResolutionState,
} from '../../src/features/reevaluation/reevaluation.repository';
import { ReevaluationService } from '../../src/features/reevaluation/reevaluation.service';
import { startTestApp, TestApp } from '../support/app';
import { PERSON_MATCHER, writeMatchersDir } from '../support/matchers';
import { expectToMatchSpec } from '../support/openapi';
import { applyChanges } from '../support/resolution-harness';
import { goldenVersionGaps, gradedPeople } from './support';
import { pollUntil } from '../support/poll';

const withThresholds = (match: number, review: number): string =>
  PERSON_MATCHER.replace(
    'thresholds: { match: 0.95, review: 0.5 }',
    `thresholds: { match: ${match}, review: ${review} }`,
  );

describe('matcher change: dry run, then roll-out', () => {
  let t: TestApp;
  let matchersDir: string;
  const state = (): Promise<ResolutionState> =>
    t.app.get(DataSource).transaction((m) => t.app.get(ReevaluationRepository).state(m, 'person'));
  const outboxSize = async (): Promise<number> =>
    Number((await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM golden_outbox`))[0].n);

  beforeAll(async () => {
    matchersDir = writeMatchersDir();
    t = await startTestApp({ MATCHERS_DIR: matchersDir, KAFKA_BROKERS: undefined });
    await applyChanges(t.app, 'person', gradedPeople(200));
    // A steward keeps one pair apart that the new threshold would link: the roll-out must honour it.
    const ids: Array<{ id: string }> = await t.app
      .get(DataSource)
      .query(`SELECT id::text FROM source_records WHERE source_id IN ('crm-2', 'billing-2') ORDER BY id`);
    await t.app
      .get(DataSource)
      .query(
        `INSERT INTO link_constraints (entity_type, kind, record_a, record_b, created_by, reason) VALUES ('person', 'cannot_link', $1, $2, 'test', 'different people')`,
        [ids[0].id, ids[1].id],
      );
  });
  afterAll(() => t.close());

  it('reports exact counts without changing anything, and applying the change gives exactly them', async () => {
    const http = t.app.getHttpServer();
    const before = await state();
    const eventsBefore = await outboxSize();
    const yaml = withThresholds(0.6, 0.3);

    const dry = await request(http)
      .post('/v1/admin/matchers/person/diff')
      .set('content-type', 'text/yaml')
      .send(yaml);
    expect(dry.status).toBe(200);
    expectToMatchSpec(dry, 'post', '/v1/admin/matchers/{entityType}/diff');
    const report = dry.body;
    expect(report.records).toBe(400);
    // 50 review-band pairs become links, but the steward's cannot-link keeps one of them apart.
    expect(report.links.added).toBe(50);
    expect(report.entities.merges).toBe(49);
    expect(report.entities.splits).toBe(0);
    expect(report.entities.sample.merges[0].members).toHaveLength(2);
    // Nothing changed.
    const untouched = diffResolution(before, await state());
    expect([untouched.links.added, untouched.links.removed, untouched.entities.recordsMoved]).toEqual([
      0, 0, 0,
    ]);
    expect(await outboxSize()).toBe(eventsBefore);
    expect(t.app.get(MatcherRegistry).get('person').config.thresholds.match).toBe(0.95);

    const applied = await request(http)
      .post('/v1/admin/matchers/person/apply')
      .set('content-type', 'text/yaml')
      .send(yaml);
    expect(applied.status).toBe(202);
    expectToMatchSpec(applied, 'post', '/v1/admin/matchers/{entityType}/apply');
    // The running service uses the new matcher at once; it is the type's active version (a restart loads it).
    expect(t.app.get(MatcherRegistry).get('person').config.thresholds.match).toBe(0.6);
    const versions = await request(http).get('/v1/admin/matchers/person').expect(200);
    expect(versions.body.active).toMatchObject({ version: 2, text: yaml });
    expect(versions.body.active.id).toBe(applied.body.matcherConfigId);
    const job = await pollUntil(
      'the re-evaluation job to finish',
      async () => {
        const res = await request(http).get(`/v1/admin/jobs/${applied.body.id}`);
        expectToMatchSpec(res, 'get', '/v1/admin/jobs/{id}');
        return res.body as { status: string; goldenEvents: number };
      },
      (j) => j.status !== 'running',
      60_000,
      100,
    );
    expect(job).toMatchObject({ status: 'done', processed: 400, total: 400, progress: 1, batches: 1 });
    expect(job.goldenEvents).toBeGreaterThan(0);

    const actual = diffResolution(before, await state());
    for (const field of ['before', 'after', 'added', 'removed', 'rescored'] as const)
      expect([field, actual.links[field]]).toEqual([field, report.links[field]]);
    for (const field of ['before', 'after', 'merges', 'splits', 'recordsMoved'] as const)
      expect([field, actual.entities[field]]).toEqual([field, report.entities[field]]);
    expect(actual.reviewItems).toEqual(report.reviewItems);
    expect(await goldenVersionGaps(t.app)).toEqual([]);

    // Raising the threshold back is the reverse: the dry run predicts the splits exactly too.
    const back = withThresholds(0.95, 0.5);
    const undo = (
      await request(http).post('/v1/admin/matchers/person/diff').send({ config: back }).expect(200)
    ).body;
    expect(undo.links.removed).toBe(50);
    expect(undo.entities.splits).toBe(49);
    const beforeUndo = await state();
    const { job: second, completion } = await t.app
      .get(ReevaluationService)
      .apply('person', { text: back }, 'test');
    expect(second.status).toBe('running');
    await completion;
    const reverted = diffResolution(beforeUndo, await state());
    expect([reverted.links.removed, reverted.entities.splits, reverted.entities.recordsMoved]).toEqual([
      undo.links.removed,
      undo.entities.splits,
      undo.entities.recordsMoved,
    ]);
  });

  it('refuses an invalid config, an unknown entity type and an unknown job', async () => {
    const http = t.app.getHttpServer();
    const bad = await request(http)
      .post('/v1/admin/matchers/person/diff')
      .set('content-type', 'text/yaml')
      .send(withThresholds(1.5, 0.5));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('ADMIN.INVALID_MATCHER_CONFIG');
    expectToMatchSpec(bad, 'post', '/v1/admin/matchers/{entityType}/diff');
    const unknown = await request(http)
      .post('/v1/admin/matchers/spaceship/diff')
      .set('content-type', 'text/yaml')
      .send(PERSON_MATCHER);
    expect(unknown.status).toBe(404);
    expectToMatchSpec(unknown, 'post', '/v1/admin/matchers/{entityType}/diff');
    // A valid config but for a NUL byte in a comment: the text is stored as sent, so it would fail in
    // PostgreSQL (a 500) after passing every check.
    for (const route of ['diff', 'apply']) {
      const nul = await request(http)
        .post(`/v1/admin/matchers/person/${route}`)
        .set('content-type', 'text/yaml')
        .send(`# a NUL: \u0000\n${PERSON_MATCHER}`);
      expect(nul.status).toBe(400);
      expect(nul.body.code).toBe('ADMIN.INVALID_MATCHER_CONFIG');
      expectToMatchSpec(nul, 'post', `/v1/admin/matchers/{entityType}/${route}`);
    }
    // An unpaired surrogate (only JSON can carry one) would be stored as U+FFFD: not the text sent.
    for (const route of ['diff', 'apply']) {
      const lone = await request(http)
        .post(`/v1/admin/matchers/person/${route}`)
        .send({ config: `# a lone surrogate: \uD800\n${PERSON_MATCHER}` });
      expect(lone.status).toBe(400);
      expect(lone.body.code).toBe('ADMIN.INVALID_MATCHER_CONFIG');
    }
    const job = await request(http).get('/v1/admin/jobs/999999');
    expect(job.status).toBe(404);
    expect(job.body.code).toBe('ADMIN.JOB_NOT_FOUND');
    expectToMatchSpec(job, 'get', '/v1/admin/jobs/{id}');
  });
});
