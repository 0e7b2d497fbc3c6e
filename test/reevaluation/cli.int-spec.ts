import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { startTestApp } from '../support/app';
import { runBuiltCli } from '../support/cli';
import { PERSON_MATCHER, writeMatchersDir } from '../support/matchers';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { applyChanges, currentPartition } from '../support/resolution-harness';
import { gradedPeople } from './support';

/**
 * The operator's commands on a real database: `matchers diff` (dry run), `matchers apply` (job),
 * `rebuild` after the derived resolution rows were damaged, and `evaluate` with a labels file.
 */
describe('CLI: matchers diff/apply, rebuild, evaluate', () => {
  let db: TestDatabase;
  let matchersDir: string;

  const cli = (...args: string[]) => runBuiltCli(db.url, matchersDir, ...args);
  const partition = async (): Promise<string[][]> => {
    const t = await startTestApp(
      { MATCHERS_DIR: matchersDir, KAFKA_BROKERS: undefined },
      { databaseUrl: db.url },
    );
    try {
      return await currentPartition(t.app, 'person');
    } finally {
      await t.close();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    matchersDir = writeMatchersDir();
    const t = await startTestApp(
      { MATCHERS_DIR: matchersDir, KAFKA_BROKERS: undefined },
      { databaseUrl: db.url },
    );
    await applyChanges(t.app, 'person', gradedPeople(40));
    await t.close();
  });
  afterAll(() => db?.drop());

  it('dry-runs and applies a threshold change, rebuilds, and evaluates', async () => {
    const edited = path.join(os.tmpdir(), `person-${process.pid}.yaml`);
    writeFileSync(edited, PERSON_MATCHER.replace('match: 0.95, review: 0.5', 'match: 0.6, review: 0.3'));
    const diff = JSON.parse((await cli('matchers', 'diff', 'person', '--config', edited, '--json')).stdout);
    expect(diff).toMatchObject({ records: 80, links: { added: 10 }, entities: { merges: 10, splits: 0 } });
    const ds = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    const active = (): Promise<Array<{ version: number; author: string; text: string }>> =>
      ds.query(`SELECT version, author, text FROM matcher_configs WHERE entity_type = 'person' AND active`);
    // A dry run changes no version.
    expect(await active()).toMatchObject([{ version: 1, author: 'file:person.yaml' }]);
    const before = await partition();

    const applied = await cli('matchers', 'apply', 'person', '--config', edited);
    expect(applied.stdout).toMatch(/job \d+ \(apply person\): done, 80\/80 records/);
    // The roll-out is the active version: a service started on the untouched MATCHERS_DIR runs it.
    const [version] = await active();
    expect(version).toMatchObject({ version: 2, author: 'cli' });
    expect(version.text).toContain('match: 0.6');
    const after = await partition();
    expect(await active()).toMatchObject([{ version: 2 }]);
    expect(before.length - after.length).toBe(10);

    // Damage the derived state: the prepared forms, blocking keys and edges of every record are gone.
    await ds.query(`DELETE FROM match_edges; DELETE FROM blocking_keys`);
    const goldenBefore: Array<{ source_id: string; golden_id: string }> = await ds.query(
      `SELECT source_id, golden_id FROM resolution_records ORDER BY source_id`,
    );
    const rebuilt = await cli('rebuild', 'person');
    expect(rebuilt.stdout).toMatch(/job \d+ \(rebuild person\): done, 80\/80 records/);
    expect(await partition()).toEqual(after);
    // Same golden ids: re-evaluation keeps them by the id rules.
    expect(await ds.query(`SELECT source_id, golden_id FROM resolution_records ORDER BY source_id`)).toEqual(
      goldenBefore,
    );
    expect(Number((await ds.query(`SELECT count(*)::int AS n FROM match_edges`))[0].n)).toBeGreaterThan(0);
    await ds.destroy();

    const labels = path.join(os.tmpdir(), `labels-${process.pid}.ndjson`);
    writeFileSync(
      labels,
      Array.from({ length: 40 }, (_, i) =>
        JSON.stringify({
          a: { entityType: 'person', domain: 'crm', sourceId: `crm-${i}` },
          b: { entityType: 'person', domain: 'billing', sourceId: `billing-${i}` },
          match: true,
        }),
      ).join('\n'),
    );
    const scored = JSON.parse((await cli('evaluate', '--labels', labels, '--json')).stdout);
    expect(scored).toMatchObject({
      pairs: 40,
      truePositives: 30,
      falseNegatives: 10,
      precision: 1,
      recall: 0.75,
    });
  }, 60_000);
});
