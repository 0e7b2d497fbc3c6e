import { sampleDataset, type BenchDataset } from './datasets';
import { scoreClusters } from './evaluate';

/** Amazon-like a1..a3 and Google-like g1, g2; a1 matches both g1 and g2 (one product, two listings). */
function linkage(): BenchDataset {
  const records = [
    ['a1', 'a'],
    ['g1', 'g'],
    ['g2', 'g'],
    ['a2', 'a'],
    ['a3', 'a'],
  ].map(([id, domain]) => ({ id, domain, attributes: {} }));
  const truePairs: Array<[number, number]> = [
    [0, 1],
    [0, 2],
  ];
  return {
    name: 'toy',
    entityType: 'toy',
    records,
    crossDomainOnly: true,
    truePairs,
    isMatch: (i, j) => truePairs.some(([x, y]) => (x === i && y === j) || (x === j && y === i)),
  };
}

describe('scoreClusters', () => {
  it('scores a linkage crosswalk on the pairs across domains, and on all pairs against the closure', () => {
    const score = scoreClusters(linkage(), ['x', 'x', 'x', 'y', 'y']);
    expect(score).toMatchObject({ precision: 1, recall: 1, f1: 1, predicted: 2, sameDomain: 2, clusters: 2 });
    // a2–a3 is a false positive; g1–g2 is true by transitivity.
    expect(score.allPairs.precision).toBeCloseTo(3 / 4);
    expect(score.allPairs.recall).toBe(1);
  });

  it('counts a missed true pair against recall and a wrong cross pair against precision', () => {
    const score = scoreClusters(linkage(), ['x', 'x', 'z', 'x', 'w']);
    // cross pairs in x: a1–g1 (true), a2–g1 (false); a1–g2 missed.
    expect(score).toMatchObject({ precision: 0.5, recall: 0.5, predicted: 2, sameDomain: 1 });
  });
});

describe('sampleDataset', () => {
  it('takes records in order with their whole truth group, and renumbers the true pairs', () => {
    const sample = sampleDataset(linkage(), 4);
    expect(sample.records.map((r) => r.id)).toEqual(['a1', 'g1', 'g2', 'a2']);
    expect(sample.truePairs).toEqual([
      [0, 1],
      [0, 2],
    ]);
    expect(sample.isMatch(2, 0)).toBe(true);
    expect(sample.isMatch(1, 2)).toBe(false);
  });
});
