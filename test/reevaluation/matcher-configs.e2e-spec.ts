import { writeFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { MatcherRegistry } from '../../src/core/matching/matcher-registry';
import { ReevaluationService } from '../../src/features/reevaluation/reevaluation.service';
import { startTestApp, TestApp } from '../support/app';
import { PERSON_MATCHER, writeMatchersDir } from '../support/matchers';
import { expectToMatchSpec } from '../support/openapi';
import { pollUntil } from '../support/poll';
import { createTestDatabase, TestDatabase } from '../support/postgres';

const withMatch = (match: number): string =>
  PERSON_MATCHER.replace(
    'thresholds: { match: 0.95, review: 0.5 }',
    `thresholds: { match: ${match}, review: 0.5 }`,
  );

interface Versions {
  active: { version: number; author: string; text: string; weights: string | null };
  versions: Array<{ version: number; author: string; active: boolean; hash: string }>;
}

/**
 * Matcher configs as versioned rows: MATCHERS_DIR seeds them, a roll-out adds one that survives a
 * restart with the untouched file, an edited file becomes a new version on restart, and every
 * instance converges on the active version.
 */
describe('matcher config versions', () => {
  let db: TestDatabase;
  const matchersDir = writeMatchersDir();
  const start = (): Promise<TestApp> =>
    startTestApp({ MATCHERS_DIR: matchersDir, KAFKA_BROKERS: undefined }, { databaseUrl: db.url });
  const versions = async (t: TestApp): Promise<Versions> => {
    const res = await request(t.app.getHttpServer()).get('/v1/admin/matchers/person');
    expect(res.status).toBe(200);
    expectToMatchSpec(res, 'get', '/v1/admin/matchers/{entityType}');
    return res.body as Versions;
  };
  const runningMatch = (t: TestApp): number =>
    t.app.get(MatcherRegistry).get('person').config.thresholds.match;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('seeds, versions roll-outs and edited files, and converges every instance', async () => {
    const a = await start();
    try {
      // First start: the file seeds version 1.
      const seeded = await versions(a);
      expect(seeded.active).toMatchObject({
        version: 1,
        author: 'file:person.yaml',
        text: PERSON_MATCHER,
        weights: null,
      });
      expect(seeded.versions.map((v) => [v.version, v.active])).toEqual([[1, true]]);

      // A roll-out adds version 2, named by its job; a second instance adopts it by comparing ids.
      const b = await start();
      try {
        const applied = await request(a.app.getHttpServer())
          .post('/v1/admin/matchers/person/apply')
          .set('content-type', 'text/yaml')
          .send(withMatch(0.9))
          .expect(202);
        const after = await versions(a);
        expect(after.active).toMatchObject({ version: 2, text: withMatch(0.9) });
        expect(after.active.author).toMatch(/^api:/);
        expect(after.versions.map((v) => [v.version, v.active])).toEqual([
          [2, true],
          [1, false],
        ]);
        expect(applied.body.matcherConfigId).toBe(a.app.get(MatcherRegistry).version('person').id);
        expect(runningMatch(a)).toBe(0.9);
        await b.app.get(ReevaluationService).syncMatchers(); // (or its worker, within 5 s)
        expect(runningMatch(b)).toBe(0.9);
        await pollUntil(
          'the roll-out',
          () => a.app.get(ReevaluationService).job(applied.body.id),
          (j) => j.status !== 'running',
        );
      } finally {
        await b.close();
      }
    } finally {
      await a.close();
    }

    // A restart with the untouched file keeps the rolled-out version.
    let t = await start();
    try {
      expect((await versions(t)).active.version).toBe(2);
      expect(runningMatch(t)).toBe(0.9);
    } finally {
      await t.close();
    }

    // Editing the file and restarting rolls it in as version 3; restarting again changes nothing.
    writeFileSync(path.join(matchersDir, 'person.yaml'), withMatch(0.8));
    for (let i = 0; i < 2; i++) {
      t = await start();
      try {
        const edited = await versions(t);
        expect(edited.active).toMatchObject({ version: 3, author: 'file:person.yaml', text: withMatch(0.8) });
        expect(edited.versions).toHaveLength(3);
        expect(runningMatch(t)).toBe(0.8);
      } finally {
        await t.close();
      }
    }
  });

  it('rolls an earlier version out again as a new version, and refuses bad version numbers', async () => {
    // The previous case left versions 1 (0.95), 2 (0.9) and 3 (0.8, active).
    const t = await start();
    try {
      const http = () => request(t.app.getHttpServer());
      const restored = await http().post('/v1/admin/matchers/person/versions/2/apply').expect(202);
      expectToMatchSpec(restored, 'post', '/v1/admin/matchers/{entityType}/versions/{version}/apply');
      const after = await versions(t);
      expect(after.active).toMatchObject({ version: 4, text: withMatch(0.9) });
      expect(after.active.author).toMatch(/^api:.* \(restores version 2\)$/);
      expect(after.versions[0].hash).toBe(after.versions.find((v) => v.version === 2)!.hash);
      expect(runningMatch(t)).toBe(0.9);
      expect(restored.body.matcherConfigId).toBe(t.app.get(MatcherRegistry).version('person').id);
      await pollUntil(
        'the restore',
        () => t.app.get(ReevaluationService).job(restored.body.id),
        (j) => j.status !== 'running',
      );

      for (const [path, status, code] of [
        ['/v1/admin/matchers/person/versions/99/apply', 404, 'COMMON.NOT_FOUND'],
        ['/v1/admin/matchers/spaceship/versions/1/apply', 404, 'COMMON.NOT_FOUND'],
        ['/v1/admin/matchers/person/versions/0/apply', 400, 'COMMON.VALIDATION_FAILED'],
        ['/v1/admin/matchers/person/versions/constructor/apply', 400, 'COMMON.VALIDATION_FAILED'],
        ['/v1/admin/matchers/person/versions/1e3/apply', 400, 'COMMON.VALIDATION_FAILED'],
      ] as const) {
        const res = await http().post(path);
        expect([path, res.status, res.body.code]).toEqual([path, status, code]);
        expectToMatchSpec(res, 'post', '/v1/admin/matchers/{entityType}/versions/{version}/apply');
      }
      // Nothing was added by the refused requests.
      expect((await versions(t)).versions).toHaveLength(4);
    } finally {
      await t.close();
    }
  });

  it('answers 404 for an entity type without a config', async () => {
    const t = await start();
    try {
      const res = await request(t.app.getHttpServer()).get('/v1/admin/matchers/spaceship');
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('COMMON.NOT_FOUND');
      expectToMatchSpec(res, 'get', '/v1/admin/matchers/{entityType}');
    } finally {
      await t.close();
    }
  });
});
