import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATASETS_IN_REPO } from '../../bench/datasets';
import { runCli } from '../../src/cli/main';
import { compileMatcher, linkRecords, loadMatcherConfig } from '../../src/engine';

const FEBRL3 = path.join(DATASETS_IN_REPO, 'febrl/dataset3.csv');
const FEBRL4 = ['a', 'b'].map((part) => path.join(DATASETS_IN_REPO, `febrl/dataset4${part}.csv`));
const entityOf = (recId: string): number => Number(recId.split('-')[1]);

/**
 * `joinery suggest` in-process on a FEBRL3 sample (every person in ten, as CSV and as NDJSON): the
 * written config loads, reads the fields as a person would, and links the sample without edits.
 */
describe('joinery suggest', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'joinery-suggest-'));
  const matchers = mkdtempSync(path.join(os.tmpdir(), 'joinery-suggest-matchers-'));
  const csv = path.join(dir, 'people.csv');
  const ndjson = path.join(dir, 'people.ndjson');
  const saved = process.env.MATCHERS_DIR;
  let output: string[];
  let rows: Array<Record<string, string>>;

  const cli = async (...args: string[]): Promise<number> => {
    output = [];
    const spies = (['log', 'error'] as const).map((level) =>
      jest.spyOn(console, level).mockImplementation((...m: unknown[]) => void output.push(m.join(' '))),
    );
    try {
      return await runCli(args);
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
  };

  beforeAll(() => {
    const [header, ...lines] = readFileSync(FEBRL3, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    const chosen = lines.filter((line) => entityOf(line.split(',')[0]) % 10 === 7);
    writeFileSync(csv, [header, ...chosen].join('\n') + '\n');
    const names = header.split(',').map((name) => name.trim());
    rows = chosen.map((line) =>
      Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell.trim()])),
    );
    writeFileSync(ndjson, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
    process.env.MATCHERS_DIR = matchers;
  });

  afterAll(() => {
    if (saved === undefined) delete process.env.MATCHERS_DIR;
    else process.env.MATCHERS_DIR = saved;
  });

  it('writes <MATCHERS_DIR>/<type>.yaml from a CSV sample, and the untouched config links it', async () => {
    expect(await cli('suggest', 'person', csv, '--exclude', 'rec_id')).toBe(0);
    const text = output.join('\n');
    expect(text).toMatch(new RegExp(`profiled ${rows.length} records`));
    expect(text).toMatch(/given_name\s+given_name/);
    expect(text).toMatch(/soc_sec_id\s+identifier/);
    expect(text).toContain(`wrote ${path.join(matchers, 'person.yaml')}`);
    const config = loadMatcherConfig(matchers, 'person');
    expect(config.blocking.rules.map((rule) => rule.name)).toEqual(['date_of_birth', 'soc_sec_id', 'names']);
    expect(config.comparisons.some((c) => c.name === 'rec_id')).toBe(false);

    const matcher = compileMatcher(config);
    const { links } = linkRecords(
      matcher,
      rows.map((row) => matcher.prepare(row)),
    );
    const entity = rows.map((row) => entityOf(row.rec_id));
    const sizes = new Map<number, number>();
    entity.forEach((e) => sizes.set(e, (sizes.get(e) ?? 0) + 1));
    const truePairs = [...sizes.values()].reduce((sum, n) => sum + (n * (n - 1)) / 2, 0);
    const correct = links.filter(({ i, j }) => entity[i] === entity[j]).length;
    const precision = correct / links.length;
    const recall = correct / truePairs;
    expect((2 * precision * recall) / (precision + recall)).toBeGreaterThanOrEqual(0.95);
  });

  it('refuses to overwrite a config without --force, and prints to standard output with --out -', async () => {
    expect(await cli('suggest', 'person', csv)).toBe(2);
    expect(output.join('\n')).toContain('exists; --force overwrites it');
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await cli('suggest', 'person', ndjson, '--out', '-', '--exclude', 'rec_id')).toBe(0);
      const yaml = write.mock.calls.map(([chunk]) => String(chunk)).join('');
      expect(yaml).toMatch(/^# Suggested by `joinery suggest person` from \d+ sample records/);
      expect(yaml).toContain('soc_sec_id: { normalizers: [ digits_only ] }');
    } finally {
      write.mockRestore();
    }
  });

  /** The persons whose number ends in 7, from one FEBRL file, as CSV lines under the header. */
  const tenth = (file: string): string[] => {
    const [header, ...lines] = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    return [header, ...lines.filter((line) => entityOf(line.split(',')[0]) % 10 === 7)];
  };

  it('reads two files as two sources, and writes across_domains and one_per_domain for FEBRL4', async () => {
    const files = FEBRL4.map((file, k) => {
      const sample = path.join(dir, `${['crm', 'billing'][k]}.csv`);
      writeFileSync(sample, tenth(file).join('\n') + '\n');
      return sample;
    });
    const out = path.join(dir, 'linked.yaml');
    expect(await cli('suggest', 'person', ...files, '--exclude', 'rec_id', '--out', out)).toBe(0);
    expect(output.join('\n')).toMatch(/2 sources \(crm: \d+, billing: \d+\)/);
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toContain('(linkage: across_domains)');
    const config = loadMatcherConfig(dir, 'linked');
    expect(config.linkage).toBe('across_domains');
    expect(config.clustering.onePerDomain).toBe(true);
  });

  it('reads the sources from --domain-column, and keeps dedupe when they hold duplicates of their own', async () => {
    // FEBRL3's duplicates dealt to two sources at random: as many inside a source as across.
    const [header, ...lines] = readFileSync(csv, 'utf8').trim().split('\n');
    const mixed = path.join(dir, 'mixed.csv');
    writeFileSync(
      mixed,
      [`${header},source`, ...lines.map((line, i) => `${line},${(i * 7919) % 3 === 0 ? 'x' : 'y'}`)].join(
        '\n',
      ),
    );
    const out = path.join(dir, 'mixed.yaml');
    const args = [
      'suggest',
      'person',
      mixed,
      '--exclude',
      'rec_id',
      '--domain-column',
      'source',
      '--out',
      out,
    ];
    expect(await cli(...args)).toBe(0);
    const config = loadMatcherConfig(dir, 'mixed');
    expect(config.linkage).toBe('dedupe');
    expect(config.comparisons.some((c) => c.name === 'source')).toBe(false);
    expect(readFileSync(out, 'utf8')).toContain('(linkage: dedupe)');
    expect(await cli(...args, '--force', '--linkage', 'across_domains')).toBe(0);
    expect(loadMatcherConfig(dir, 'mixed').linkage).toBe('across_domains');
    expect(await cli(...args, '--linkage', 'link')).toBe(2);
    expect(output.join('\n')).toContain('--linkage must be auto, across_domains or dedupe');
    expect(await cli('suggest', 'person', csv, mixed, '--domain-column', 'source')).toBe(2);
    expect(output.join('\n')).toContain('not both');
  });

  it('rejects a sample it cannot read', async () => {
    expect(await cli('suggest', 'person', path.join(dir, 'missing.csv'))).toBe(2);
    expect(output.join('\n')).toContain('no such file');
    expect(await cli('suggest', 'Person', csv)).toBe(2);
    expect(existsSync(path.join(matchers, 'Person.yaml'))).toBe(false);
  });
});
