import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { createTestDataSource, type TestDataSource } from '../support/data-source';

describe('migrations', () => {
  let t: TestDataSource;
  let ds: DataSource;

  beforeAll(async () => {
    t = await createTestDataSource();
    ds = t.ds;
  });

  afterAll(() => t?.close());

  /** Reverts the migrations from the last one down to `name`, inclusive (later ones may be added). */
  async function undoDownTo(name: string): Promise<void> {
    const index = MIGRATIONS.findIndex((m) => m.name === name);
    if (index < 0) throw new Error(`no migration ${name}`);
    for (let i = MIGRATIONS.length - 1; i >= index; i--) await ds.undoLastMigration({ transaction: 'each' });
  }

  it('leave nothing for TypeORM to generate: entities and migrations agree', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('have been applied in order, every one of them', async () => {
    const rows: Array<{ name: string }> = await ds.query('SELECT name FROM joinery_migrations ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
  });

  it("move earlier roll-outs' config texts into matcher config versions, and back", async () => {
    await undoDownTo('MatcherConfigs1764140000000');
    await ds.query(
      `INSERT INTO reevaluation_jobs (entity_type, kind, config_hash, config_text, total, status)
       VALUES ('person', 'apply', 'h1', 'a: 1', 0, 'done'), ('person', 'rebuild', 'h1', NULL, 0, 'done'),
              ('person', 'apply', 'h2', 'a: 2', 0, 'done')`,
    );
    await ds.runMigrations({ transaction: 'each' });
    expect(
      await ds.query(
        `SELECT j.kind, c.version, c.text, c.active FROM reevaluation_jobs j
           LEFT JOIN matcher_configs c ON c.id = j.matcher_config_id ORDER BY j.id`,
      ),
    ).toEqual([
      { kind: 'apply', version: 1, text: 'a: 1', active: false },
      { kind: 'rebuild', version: null, text: null, active: null },
      { kind: 'apply', version: 2, text: 'a: 2', active: false },
    ]);
    await undoDownTo('MatcherConfigs1764140000000');
    expect(await ds.query(`SELECT config_text FROM reevaluation_jobs ORDER BY id`)).toEqual([
      { config_text: 'a: 1' },
      { config_text: null },
      { config_text: 'a: 2' },
    ]);
    await ds.query(`DELETE FROM reevaluation_jobs`);
    await ds.runMigrations({ transaction: 'each' });
  });

  it("give the blocking keys stored before them their records' domains", async () => {
    await undoDownTo('BlockingKeysDomain1764150000000');
    await ds.query(
      `INSERT INTO resolution_records (record_id, entity_type, domain, source_id, prepared, golden_id)
       VALUES (1, 'person', 'crm', 'c1', '{}', 'g1'), (2, 'person', 'billing', 'b1', '{}', 'g2')`,
    );
    await ds.query(
      `INSERT INTO blocking_keys (entity_type, key, record_id) VALUES ('person', 'k', 1), ('person', 'k', 2)`,
    );
    await ds.runMigrations({ transaction: 'each' });
    expect(await ds.query(`SELECT record_id::text, domain FROM blocking_keys ORDER BY record_id`)).toEqual([
      { record_id: '1', domain: 'crm' },
      { record_id: '2', domain: 'billing' },
    ]);
    await ds.query(`DELETE FROM blocking_keys; DELETE FROM resolution_records`);
  });

  it('can all be reverted by their down() and applied again', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    const tables: Array<{ tablename: string }> = await ds.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'joinery_migrations'`,
    );
    expect(tables).toEqual([]);
    await ds.runMigrations({ transaction: 'each' });
    expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
});
