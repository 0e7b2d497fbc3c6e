import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATASETS_IN_REPO } from '../../bench/datasets';
import { runCli } from '../../src/cli/main';
import { partitionFingerprint } from '../../src/cli/generator/resolved-partition';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { testMatchersDir } from '../ingestion/support/fixtures';

const FEBRL3 = path.join(DATASETS_IN_REPO, 'febrl/dataset3.csv');
const MAPPING = ['--domain', 'febrl', '--type', 'customer', '--id-column', 'rec_id', '--batch', '128'];

/** `joinery backfill` in-process on 300 FEBRL rows, against `joinery load` of the same rows. */
describe('joinery backfill', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'joinery-backfill-'));
  const slice = path.join(dir, 'febrl3-300.csv');
  const saved = {
    DATABASE_URL: process.env.DATABASE_URL,
    MATCHERS_DIR: process.env.MATCHERS_DIR,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
  };
  const dbs: TestDatabase[] = [];
  let output: string[];

  const cli = async (db: TestDatabase, ...args: string[]): Promise<number> => {
    output = [];
    process.env.DATABASE_URL = db.url;
    const capture = (...m: unknown[]) => void output.push(m.join(' '));
    const log = jest.spyOn(console, 'log').mockImplementation(capture);
    const err = jest.spyOn(console, 'error').mockImplementation(capture);
    try {
      return await runCli(args);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  };

  beforeAll(async () => {
    writeFileSync(slice, readFileSync(FEBRL3, 'utf8').split('\n').slice(0, 301).join('\n') + '\n');
    dbs.push(await createTestDatabase(), await createTestDatabase());
    process.env.MATCHERS_DIR = testMatchersDir();
    delete process.env.KAFKA_BROKERS;
  });

  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.drop()));
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('backfills what load loads, and refuses a store that is not empty', async () => {
    const [backfilled, loaded] = dbs;
    expect(await cli(backfilled, 'backfill', slice, ...MAPPING)).toBe(0);
    expect(output.join('\n')).toMatch(/backfilled 300 rows from .* in [\d.]+ s \([\d,]+ rows\/s\)/);
    expect(output.join('\n')).toContain('applied 300, unchanged 0, duplicate 0, stale 0, rejected 0');
    expect(await cli(loaded, 'load', slice, ...MAPPING)).toBe(0);
    const [a, b] = [await partitionFingerprint(backfilled.url), await partitionFingerprint(loaded.url)];
    expect(a.records).toBe(300);
    expect(a.entities).toBeLessThan(300);
    expect(a).toEqual(b);

    expect(await cli(backfilled, 'backfill', slice, ...MAPPING)).toBe(2);
    expect(output.join('\n')).toMatch(/refused: the store already holds customer data \(300 source records/);
  }, 300_000);
});
