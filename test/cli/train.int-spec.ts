import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { DATASETS_IN_REPO } from '../../bench/datasets';
import { runCli } from '../../src/cli/main';
import { compileMatcher, InMemoryCorpusStats, linkRecords, loadMatcherConfig } from '../../src/engine';
import { createTestDatabase, TestDatabase } from '../support/postgres';

const FEBRL3 = path.join(DATASETS_IN_REPO, 'febrl/dataset3.csv');

/** Entity number of a FEBRL id: rec-<n>-org and rec-<n>-dup-<k> are the same person. */
const entityOf = (recId: string): number => Number(recId.split('-')[1]);

/**
 * `joinery train` in-process: store every record of one FEBRL3 person in ten (about 500 records,
 * most with duplicates) through `joinery load`, train the person matcher from the stored records
 * without labels, and check the weights file and what it links.
 */
describe('joinery train', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'joinery-train-'));
  const matchers = mkdtempSync(path.join(os.tmpdir(), 'joinery-train-matchers-'));
  const sample = path.join(dir, 'febrl3-sample.csv');
  const saved = {
    DATABASE_URL: process.env.DATABASE_URL,
    MATCHERS_DIR: process.env.MATCHERS_DIR,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
  };
  let db: TestDatabase;
  let output: string[];
  let rows: Array<Record<string, string>>;

  const cli = async (...args: string[]): Promise<number> => {
    output = [];
    const log = jest
      .spyOn(console, 'log')
      .mockImplementation((...m: unknown[]) => void output.push(m.join(' ')));
    const err = jest
      .spyOn(console, 'error')
      .mockImplementation((...m: unknown[]) => void output.push(m.join(' ')));
    try {
      return await runCli(args);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  };

  beforeAll(async () => {
    const [header, ...lines] = readFileSync(FEBRL3, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    const chosen = lines.filter((line) => entityOf(line.split(',')[0]) % 10 === 3);
    writeFileSync(sample, [header, ...chosen].join('\n') + '\n');
    const names = header.split(',').map((name) => name.trim());
    rows = chosen.map((line) =>
      Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell.trim()])),
    );
    copyFileSync(
      path.resolve(__dirname, '../../bench/matchers/febrl3.yaml'),
      path.join(matchers, 'person.yaml'),
    );
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    process.env.MATCHERS_DIR = matchers;
    delete process.env.KAFKA_BROKERS;
    expect(await cli('load', sample, '--domain', 'febrl', '--type', 'person', '--id-column', 'rec_id')).toBe(
      0,
    );
  });

  afterAll(async () => {
    await db?.drop();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('prints the weights and writes nothing with --dry-run', async () => {
    expect(await cli('train', 'person', '--dry-run', '--u-pairs', '50000')).toBe(0);
    const text = output.join('\n');
    expect(text).toMatch(new RegExp(`trained person on ${rows.length} live records`));
    expect(text).toMatch(/soc_sec_id\s+exact\s+0\.\d{4}\s+\S+\s+\+\d+\.\d\d/);
    expect(text).toMatch(/λ \(prior\) = \d\.\d{3}e-\d/);
    expect(text).toMatch(/EM: \d+ iterations over 5 sessions, converged/);
    expect(text).toContain('rule ssn:');
    // The report on the thresholds: pairs crossing each, the score distribution, no warning.
    expect(text).toMatch(/match ≥ 0\.9: \d{3},?\d* blocked pairs/);
    expect(text).toMatch(/review ≥ 0\.5: \d{3},?\d* blocked pairs/);
    expect(text).toContain('match weight of the blocked pairs');
    expect(text).not.toMatch(/ERROR|WARNING/);
    expect(existsSync(path.join(matchers, 'person.weights.yaml'))).toBe(false);
  });

  it('sets λ from a deterministic rule with --lambda-rule and --lambda-recall', async () => {
    expect(
      await cli(
        'train',
        'person',
        '--dry-run',
        '--u-pairs',
        '50000',
        '--lambda-rule',
        'exact(soc_sec_id) & exact(date_of_birth)',
        '--lambda-recall',
        '0.8',
      ),
    ).toBe(0);
    const found = /from deterministic rules: (\d+) pairs, recall 0\.8/.exec(output.join('\n'));
    expect(Number(found?.[1])).toBeGreaterThan(100);
    expect(await cli('train', 'person', '--dry-run', '--lambda-rule', 'exact(ssn)')).toBe(2);
    expect(output.join('\n')).toContain('unknown attribute "ssn"');
  });

  it('writes a weights file the loader accepts, and the trained matcher separates the true pairs', async () => {
    expect(await cli('train', 'person', '--u-pairs', '50000')).toBe(0);
    expect(output.join('\n')).toContain(`wrote ${path.join(matchers, 'person.weights.yaml')}`);
    const config = loadMatcherConfig(matchers, 'person');
    expect(config.trained).toBe(true);
    const handSet = loadMatcherConfig(path.resolve(__dirname, '../../bench/matchers'), 'febrl3');
    expect(config.comparisons[3].levels[1].m).not.toBe(handSet.comparisons[3].levels[1].m);

    // Scored as the service scores once the type has a corpus-statistics snapshot of these
    // records, against the FEBRL truth.
    const stats = new InMemoryCorpusStats();
    const matcher = compileMatcher(config, { stats });
    const prepared = rows.map(({ rec_id: _id, ...attributes }) => matcher.prepare(attributes));
    prepared.forEach((record) => stats.add(matcher.statTerms(record)));
    const { links } = linkRecords(matcher, prepared);
    const entity = rows.map((row) => entityOf(row.rec_id));
    const sizes = new Map<number, number>();
    entity.forEach((e) => sizes.set(e, (sizes.get(e) ?? 0) + 1));
    const truePairs = [...sizes.values()].reduce((sum, n) => sum + (n * (n - 1)) / 2, 0);
    const correct = links.filter(({ i, j }) => entity[i] === entity[j]).length;
    const precision = correct / links.length;
    const recall = correct / truePairs;
    expect(truePairs).toBeGreaterThan(300);
    expect((2 * precision * recall) / (precision + recall)).toBeGreaterThanOrEqual(0.9);
  });

  it('writes nothing when the match threshold cannot be reached, unless --force', async () => {
    const file = path.join(matchers, 'person.yaml');
    const original = readFileSync(file, 'utf8');
    const weak = parse(original) as { comparisons: Array<{ name: string }>; thresholds: unknown };
    weak.comparisons = weak.comparisons.filter((comparison) => comparison.name === 'state');
    weak.thresholds = { match: 0.99, review: 0.5 };
    rmSync(path.join(matchers, 'person.weights.yaml'), { force: true });
    writeFileSync(file, stringify(weak));
    try {
      expect(await cli('train', 'person', '--u-pairs', '20000')).toBe(1);
      expect(output.join('\n')).toMatch(/ERROR: the match threshold 0\.99 cannot be reached/);
      expect(output.join('\n')).toContain('no weights file written');
      expect(existsSync(path.join(matchers, 'person.weights.yaml'))).toBe(false);
      expect(await cli('train', 'person', '--u-pairs', '20000', '--force')).toBe(1);
      expect(existsSync(path.join(matchers, 'person.weights.yaml'))).toBe(true);
    } finally {
      rmSync(path.join(matchers, 'person.weights.yaml'), { force: true });
      writeFileSync(file, original);
    }
  });

  it('rejects an entity type without a config', async () => {
    expect(await cli('train', 'spaceship')).toBe(2);
    expect(output.join('\n')).toContain('no matcher config');
  });
});
