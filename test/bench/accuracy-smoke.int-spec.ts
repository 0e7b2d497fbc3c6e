import path from 'node:path';
import {
  loadAmazonGoogle,
  loadFebrl3,
  loadFebrl4,
  sampleDataset,
  type BenchDataset,
} from '../../bench/datasets';
import { RequestRefusedError } from '../../bench/served/client';
import { measureServed, type ServedOptions } from '../../bench/served/accuracy';
import { adminUrl } from '../support/postgres';

/**
 * The served accuracy bench (`npm run bench:accuracy`) at a tiny size, so it cannot rot: each dataset's
 * first 300 records (with their truth groups) go as events to the service built from the current
 * sources, and the crosswalk comes back through the export. The floors are far below the full-size
 * figures (docs/benchmarks.md): they catch a broken path, not a small change in accuracy.
 */
const SIZE = 300;

function options(): ServedOptions {
  const build = process.env.JOINERY_TEST_BUILD_DIR;
  if (!build) throw new Error('JOINERY_TEST_BUILD_DIR is unset: run through Jest (global setup)');
  return {
    adminUrl: adminUrl(),
    // The global setup drops databases of this prefix that a crashed run left behind.
    databasePrefix: `joinery_test_${process.pid}_bench`,
    serviceMain: path.join(build, 'src/main.js'),
  };
}

describe('bench:accuracy, served, at 300 records per dataset', () => {
  const cases: Array<[string, () => BenchDataset, number]> = [
    ['febrl3', loadFebrl3, 0.95],
    ['febrl4', loadFebrl4, 0.95],
    ['amazon_google', loadAmazonGoogle, 0.5],
  ];

  it.each(cases)(
    '%s: every record goes in as an event and comes back in the crosswalk, scored against the truth',
    async (_name, load, floor) => {
      const dataset = sampleDataset(load(), SIZE);
      const result = await measureServed(dataset, options());
      expect(result.records).toBe(dataset.records.length);
      expect(result.records).toBeGreaterThan(SIZE * 0.9);
      expect(result.truePairs).toBeGreaterThan(50);
      expect(result.f1).toBeGreaterThanOrEqual(floor);
      expect(result.recordsPerSecond).toBeGreaterThan(0);
      expect(result.statistics).toMatch(/^snapshot v1 counted and rolled out over \d+ records$/);
    },
    180_000,
  );

  it('stops with the status and the reason when the service refuses a request', async () => {
    const dataset = sampleDataset(loadFebrl3(), 20);
    const run = measureServed(dataset, { ...options(), apiKey: 'not-the-service-key-0123456789' });
    await expect(run).rejects.toThrow(RequestRefusedError);
    await expect(run).rejects.toThrow(/POST \/v1\/events was refused: HTTP 401/);
  }, 120_000);
});
