import { startTestApp } from '../support/app';
import { runBuiltCli } from '../support/cli';
import { writeMatchersDir } from '../support/matchers';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { applyChanges, currentPartition } from '../support/resolution-harness';
import { ORG_MATCHER, orgRecords, truePartition } from './support';

/** The operator's `stats show` and `stats refresh` on a real database, from the built CLI. */
describe('CLI: stats show, stats refresh', () => {
  let db: TestDatabase;
  const matchersDir = writeMatchersDir({ org: ORG_MATCHER });
  const cli = (...args: string[]) => runBuiltCli(db.url, matchersDir, ...args);

  beforeAll(async () => {
    db = await createTestDatabase();
    const t = await startTestApp(
      { MATCHERS_DIR: matchersDir, KAFKA_BROKERS: undefined },
      { databaseUrl: db.url },
    );
    await applyChanges(t.app, 'org', orgRecords());
    await t.close();
  });
  afterAll(() => db?.drop());

  it('shows no snapshot, refreshes (waiting for the roll-out), then shows the active one', async () => {
    const before = JSON.parse((await cli('stats', 'show', 'org', '--json')).stdout);
    expect(before).toMatchObject({ entityType: 'org', records: 45, active: null });

    const refreshed = JSON.parse((await cli('stats', 'refresh', 'org', '--json')).stdout);
    expect(refreshed.snapshot).toMatchObject({ version: 1, trigger: 'manual', records: 45 });
    expect(refreshed.job).toMatchObject({ kind: 'stats', status: 'done', processed: 45 });

    const shown = (await cli('stats', 'show', 'org')).stdout;
    expect(shown).toContain('active: v1 (manual');
    expect(shown).toContain('refresh due: no');

    const t = await startTestApp(
      { MATCHERS_DIR: matchersDir, KAFKA_BROKERS: undefined },
      { databaseUrl: db.url },
    );
    try {
      expect(await currentPartition(t.app, 'org')).toEqual(truePartition());
    } finally {
      await t.close();
    }
  });

  it('refuses an unknown entity type with the reason', async () => {
    await expect(cli('stats', 'refresh', 'spaceship')).rejects.toThrow(/exited 1.*no matcher is configured/s);
  });
});
