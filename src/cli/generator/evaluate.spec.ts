import { canonicalPartition, pairwiseAccuracy } from './evaluate';

const truth = new Map([
  ['a', 'E1'],
  ['b', 'E1'],
  ['c', 'E1'],
  ['d', 'E2'],
  ['e', 'E2'],
  ['f', 'E3'],
]);
// 4 true pairs: ab ac bc de

describe('pairwiseAccuracy', () => {
  it.each([
    ['the truth itself', [...truth], 4, 4, 1, 1],
    ['all singletons', [...truth.keys()].map((k) => [k, k]), 0, 0, 1, 0],
    ['everything in one cluster', [...truth.keys()].map((k) => [k, 'G']), 15, 4, 4 / 15, 1],
    // {a,b} {c,d,e} {f}: predicted pairs ab cd ce de; true positives ab de
    [
      'one record in the wrong cluster',
      [
        ['a', 'g1'],
        ['b', 'g1'],
        ['c', 'g2'],
        ['d', 'g2'],
        ['e', 'g2'],
        ['f', 'g3'],
      ],
      4,
      2,
      0.5,
      0.5,
    ],
  ] as const)('%s', (_name, predicted, predictedPairs, truePositives, precision, recall) => {
    const result = pairwiseAccuracy(truth, predicted as Array<[string, string]>);
    expect(result.truePairs).toBe(4);
    expect(result.predictedPairs).toBe(predictedPairs);
    expect(result.truePositives).toBe(truePositives);
    expect(result.precision).toBeCloseTo(precision, 12);
    expect(result.recall).toBeCloseTo(recall, 12);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    expect(result.f1).toBeCloseTo(f1, 12);
  });

  it('counts truth records the partition lacks as missed, and ignores records the truth lacks', () => {
    const result = pairwiseAccuracy(truth, [
      ['a', 'g'],
      ['b', 'g'],
      ['zzz', 'g'],
    ]);
    expect(result).toMatchObject({ records: 2, missing: 4, unknown: 1, truePositives: 1, predictedPairs: 1 });
    expect(result.recall).toBeCloseTo(1 / 4, 12);
  });

  it('does not let ids with separators collide', () => {
    const t = new Map([
      ['x', 'a,b'],
      ['y', 'a'],
    ]);
    const result = pairwiseAccuracy(t, [
      ['x', 'c'],
      ['y', 'b,c'],
    ]);
    expect(result.truePositives).toBe(0);
  });
});

describe('canonicalPartition', () => {
  it('is the same whatever the cluster ids and the order of records', () => {
    const one = canonicalPartition([
      ['b', 'g1'],
      ['a', 'g1'],
      ['c', 'g2'],
    ]);
    const two = canonicalPartition([
      ['c', 'x'],
      ['a', 'y'],
      ['b', 'y'],
    ]);
    expect(one).toEqual([['a', 'b'], ['c']]);
    expect(two).toEqual(one);
  });
});
