import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadFebrl3, sampleDataset } from '../../bench/datasets';
import { seededRandom } from '../../src/engine/seeded-random';
import { startTestApp, TestApp } from '../support/app';
import { applyChanges, currentPartition } from '../support/resolution-harness';

/** Seeded, so a failing order can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Pairwise F1 of a partition against FEBRL's truth (same entity number in `rec-<n>-...`). */
function pairwiseF1(clusters: string[][], truePairs: number): number {
  const entity = (member: string) => member.split('-')[1];
  let predicted = 0;
  let correct = 0;
  for (const c of clusters) {
    for (let i = 0; i < c.length; i++) {
      for (let j = i + 1; j < c.length; j++) {
        predicted++;
        if (entity(c[i]) === entity(c[j])) correct++;
      }
    }
  }
  const precision = correct / predicted;
  const recall = correct / truePairs;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * The id rules promise that a record's golden entity does not depend on the order in which
 * records arrived. Load FEBRL dataset3 in several shuffled orders and batch sizes, and compare the
 * final partitions.
 *
 * Half the dataset (2,500 records, every duplicate of an entity kept together): resolution works
 * inside blocks, and FEBRL3's blocks are small whatever the sample (the largest holds 12 records at
 * 5,000 and at 2,500, none comes near its cap of 200), so the half has the same kind of
 * neighbourhoods as the whole, each order costs half as much, and the orders still share thousands
 * of true pairs to disagree on.
 */
describe('resolution is independent of arrival order (FEBRL3)', () => {
  const dataset = sampleDataset(loadFebrl3(), 2500);
  const matchersDir = mkdtempSync(path.join(tmpdir(), 'joinery-febrl-'));
  copyFileSync(
    path.resolve(__dirname, '../../bench/matchers/febrl3.yaml'),
    path.join(matchersDir, 'person.yaml'),
  );
  const partitions: string[][][] = [];

  it.each([
    [1, 500],
    [2, 97],
    [3, 1000],
    [4, 250],
    [5, 333],
  ])(
    'order with seed %i in batches of %i',
    async (seed, batch) => {
      const t: TestApp = await startTestApp({ MATCHERS_DIR: matchersDir, KAFKA_BROKERS: undefined });
      try {
        const records = shuffled(dataset.records, seed);
        for (let i = 0; i < records.length; i += batch) {
          await applyChanges(
            t.app,
            'person',
            records
              .slice(i, i + batch)
              .map((r) => ({ domain: r.domain, sourceId: r.id, attributes: r.attributes })),
          );
        }
        const result = await currentPartition(t.app, 'person');
        expect(result.flat()).toHaveLength(dataset.records.length);
        partitions.push(result);
        expect(result).toEqual(partitions[0]);
        // And the partition is a good one, not trivially stable (all singletons would be too).
        expect(pairwiseF1(result, dataset.truePairs.length)).toBeGreaterThan(0.95);
      } finally {
        await t.close();
      }
    },
    300_000,
  );
});
