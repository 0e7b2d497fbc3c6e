import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATASETS_IN_REPO } from '../../bench/datasets';
import { runCli } from '../../src/cli/main';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { count, sql, testMatchersDir } from './support/fixtures';

const FEBRL3 = path.join(DATASETS_IN_REPO, 'febrl/dataset3.csv');

/** `joinery load` in-process, on a slice of FEBRL dataset3 (`, `-separated) and on NDJSON. */
describe('joinery load', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'joinery-load-'));
  const slice = path.join(dir, 'febrl3-300.csv');
  const saved = {
    DATABASE_URL: process.env.DATABASE_URL,
    MATCHERS_DIR: process.env.MATCHERS_DIR,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
  };
  let db: TestDatabase;
  let output: string[];

  const load = async (...args: string[]): Promise<number> => {
    output = [];
    const log = jest
      .spyOn(console, 'log')
      .mockImplementation((...m: unknown[]) => void output.push(m.join(' ')));
    const err = jest
      .spyOn(console, 'error')
      .mockImplementation((...m: unknown[]) => void output.push(m.join(' ')));
    try {
      return await runCli(['load', ...args]);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  };

  beforeAll(async () => {
    writeFileSync(slice, readFileSync(FEBRL3, 'utf8').split('\n').slice(0, 301).join('\n') + '\n');
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    process.env.MATCHERS_DIR = testMatchersDir();
    delete process.env.KAFKA_BROKERS;
  });

  afterAll(async () => {
    await db?.drop();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('loads 300 FEBRL rows and prints the rate; a second load changes nothing', async () => {
    expect(
      await load(slice, '--domain', 'febrl', '--type', 'customer', '--id-column', 'rec_id', '--batch', '128'),
    ).toBe(0);
    expect(output.join('\n')).toMatch(/loaded 300 rows from .* in [\d.]+ s \([\d,]+ rows\/s\)/);
    expect(output.join('\n')).toContain('applied 300, unchanged 0, duplicate 0, stale 0, rejected 0');
    const [row] = await sql<{ source_id: string; attributes: Record<string, unknown> }>(
      db.url,
      `SELECT source_id, attributes FROM source_records WHERE source_id = 'rec-1496-org'`,
    );
    // Cells are trimmed (FEBRL separates with ", ") and the id column is not an attribute.
    expect(row?.attributes).toMatchObject({
      given_name: 'mitchell',
      surname: 'green',
      postcode: '2119',
      date_of_birth: '19560409',
    });
    expect(row?.attributes).not.toHaveProperty('rec_id');

    expect(await load(slice, '--domain', 'febrl', '--type', 'customer', '--id-column', 'rec_id')).toBe(0);
    expect(output.join('\n')).toContain('applied 0, unchanged 0, duplicate 300, stale 0, rejected 0');
    expect(await count(db.url, 'source_records')).toBe(300);
    expect(await count(db.url, 'source_record_history')).toBe(300);
  });

  it('applies a changed row as a new version of the same record', async () => {
    const lines = readFileSync(slice, 'utf8').split('\n');
    lines[1] = lines[1].replace('mitchell', 'mitch');
    const changed = path.join(dir, 'febrl3-changed.csv');
    writeFileSync(changed, lines.join('\n'));
    expect(await load(changed, '--domain', 'febrl', '--type', 'customer', '--id-column', 'rec_id')).toBe(0);
    expect(output.join('\n')).toContain('applied 1, unchanged 0, duplicate 299');
    const [row] = await sql<{ given_name: string }>(
      db.url,
      `SELECT attributes->>'given_name' AS given_name FROM source_records WHERE source_id = 'rec-1496-org'`,
    );
    expect(row?.given_name).toBe('mitch');
  });

  it('loads NDJSON with renamed columns, reports bad rows with their line, and exits 1', async () => {
    const file = path.join(dir, 'accounts.ndjson');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 1, fname: 'Ada', surname: 'Lovelace' }),
        '{"id": 2, "fname": ',
        JSON.stringify({ fname: 'No id' }),
        '',
        JSON.stringify({ id: 'A-4', fname: 'Grace', surname: 'Hopper', address: { city: 'NYC' } }),
        JSON.stringify({ id: 'A-5', fname: 'Alan', surname: 'Turing' }),
      ].join('\n'),
    );
    expect(
      await load(
        file,
        '--domain',
        'erp',
        '--type',
        'account',
        '--id-column',
        'id',
        '--map',
        'fname=given_name',
      ),
    ).toBe(1);
    const text = output.join('\n');
    expect(text).toContain('applied 2, unchanged 0, duplicate 0, stale 0, rejected 3');
    expect(text).toMatch(/line 2: not valid JSON/);
    expect(text).toMatch(/line 3: id: is required/);
    expect(text).toMatch(/line 5: attributes\.address: nested objects/);
    const rows = await sql<{ source_id: string; given_name: string }>(
      db.url,
      `SELECT source_id, attributes->>'given_name' AS given_name FROM source_records WHERE domain = 'erp' ORDER BY source_id`,
    );
    expect(rows).toEqual([
      { source_id: '1', given_name: 'Ada' },
      { source_id: 'A-5', given_name: 'Alan' },
    ]);
  });

  it('refuses a bad command line with the usage and exit code 2', async () => {
    expect(await load(slice, '--type', 'customer', '--id-column', 'rec_id')).toBe(2);
    expect(output.join('\n')).toMatch(
      /--domain, --type and --id-column are required[\s\S]*Usage: npm run joinery -- load/,
    );
    expect(await load(slice, '--domain', 'febrl', '--type', 'spaceship', '--id-column', 'rec_id')).toBe(2);
    expect(output.join('\n')).toContain('no matcher for this entity type');
  });
});
