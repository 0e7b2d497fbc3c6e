import { DataSource } from 'typeorm';
import { TransactionRunner } from '../../src/platform/database/transaction-runner';
import { MatcherConfigService } from '../../src/core/matching/matcher-config.service';
import { MatcherRegistry } from '../../src/core/matching/matcher-registry';
import { ReevaluationService } from '../../src/features/reevaluation/reevaluation.service';
import { startTestApp, TestApp } from '../support/app';
import { PERSON_MATCHER, writeMatchersDir } from '../support/matchers';
import { applyChanges, currentPartition } from '../support/resolution-harness';
import { goldenVersionGaps, gradedPeople } from './support';
import { pollUntil } from '../support/poll';

/**
 * A re-evaluation job whose runner died after its first batch (a running row, its lease expired,
 * the cursor after record 500) is resumed by the service from the cursor, not from the start.
 */
describe('re-evaluation job resume', () => {
  let t: TestApp;
  const matchersDir = writeMatchersDir();

  beforeAll(async () => {
    t = await startTestApp({ MATCHERS_DIR: matchersDir, KAFKA_BROKERS: undefined });
    await applyChanges(t.app, 'person', gradedPeople(600));
  });
  afterAll(() => t.close());

  it('resumes an orphaned job after its last committed batch', async () => {
    const ds = t.app.get(DataSource);
    const before = await currentPartition(t.app, 'person');
    const [{ cursor }]: Array<{ cursor: string }> = await ds.query(
      `SELECT id::text AS cursor FROM source_records WHERE entity_type = 'person' ORDER BY id OFFSET 499 LIMIT 1`,
    );
    const [{ id }]: Array<{ id: string }> = await ds.query(
      `INSERT INTO reevaluation_jobs (entity_type, kind, config_hash, total, cursor, processed, batches, lease_owner, lease_until)
       VALUES ('person', 'rebuild', 'x', 1200, $1, 500, 1, 'dead-instance', now() - interval '1 second') RETURNING id::text`,
      [cursor],
    );
    const service = t.app.get(ReevaluationService);
    // Two resumes at once in one instance (the worker's tick beside a call) share its lease owner:
    // the second must join the first run, not process the same batches again.
    await Promise.all([service.resumeOrphans(), service.resumeOrphans()]);
    const job = await pollUntil(
      'the orphaned job to finish',
      () => service.job(id),
      (j) => j.status !== 'running',
      60_000,
      100,
    );
    expect(job).toMatchObject({ status: 'done', processed: 1200, batches: 3, total: 1200 });
    expect(await currentPartition(t.app, 'person')).toEqual(before);
    expect(await goldenVersionGaps(t.app)).toEqual([]);
    // Nothing is left to resume.
    expect(await service.resumeOrphans()).toBe(0);
  });

  it('adopts a matcher config another instance (or the CLI) rolled out', async () => {
    const yaml = PERSON_MATCHER.replace('match: 0.95, review: 0.5', 'match: 0.9, review: 0.5');
    // What another instance's roll-out leaves behind: a new active version, nothing said to this one.
    const version = await t.app
      .get(TransactionRunner)
      .run((m) =>
        t.app.get(MatcherConfigService).activate(m, 'person', { text: yaml, weightsText: null }, 'api:other'),
      );
    await t.app.get(ReevaluationService).syncMatchers();
    expect(t.app.get(MatcherRegistry).get('person').config.thresholds.match).toBe(0.9);
    expect(t.app.get(MatcherRegistry).version('person').id).toBe(version.id);
  });
});
