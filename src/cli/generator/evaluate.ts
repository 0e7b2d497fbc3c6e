/**
 * Pairwise accuracy of a partition against the truth (Christen, "Data Matching", 2012, §7.3;
 * the measure splink and the FEBRL benchmarks report): a pair of records is a true positive when
 * both partitions put it together. Computed from the contingency table of (true entity, predicted
 * cluster) in O(records), never by listing pairs:
 *   TP = Σ_cells C(n_cell, 2), predicted pairs = Σ_clusters C(n, 2), true pairs = Σ_entities C(n, 2).
 */

export interface PairwiseAccuracy {
  /** Records in both the truth and the partition (the ones measured). */
  readonly records: number;
  /** Truth records the partition does not have (counted as singletons: their pairs are missed). */
  readonly missing: number;
  /** Partition records the truth does not know (left out of the measure). */
  readonly unknown: number;
  readonly truePairs: number;
  readonly predictedPairs: number;
  readonly truePositives: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

function countBy(values: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/**
 * `truth`: record key → true entity id. `predicted`: (record key, cluster id) for each record of
 * the partition, e.g. (domain:entityType:sourceId, golden id) from resolution_records.
 */
export function pairwiseAccuracy(
  truth: ReadonlyMap<string, string>,
  predicted: Iterable<readonly [string, string]>,
): PairwiseAccuracy {
  const clusterOf = new Map<string, string>();
  let unknown = 0;
  for (const [key, cluster] of predicted) {
    if (truth.has(key)) clusterOf.set(key, cluster);
    else unknown++;
  }
  let truePairs = 0;
  for (const n of countBy(truth.values()).values()) truePairs += pairs(n);
  let predictedPairs = 0;
  for (const n of countBy(clusterOf.values()).values()) predictedPairs += pairs(n);
  let truePositives = 0;
  const cells = countBy(
    (function* () {
      // JSON keeps any character in either id from merging two cells.
      for (const [key, cluster] of clusterOf) yield JSON.stringify([truth.get(key), cluster]);
    })(),
  );
  for (const n of cells.values()) truePositives += pairs(n);
  const precision = predictedPairs === 0 ? 1 : truePositives / predictedPairs;
  const recall = truePairs === 0 ? 1 : truePositives / truePairs;
  return {
    records: clusterOf.size,
    missing: truth.size - clusterOf.size,
    unknown,
    truePairs,
    predictedPairs,
    truePositives,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}

/**
 * A canonical fingerprint of a partition: the sorted list of its clusters, each a sorted list of
 * record keys. Two runs agree on the partition exactly when their fingerprints are equal, whatever
 * golden ids they minted.
 */
export function canonicalPartition(predicted: Iterable<readonly [string, string]>): string[][] {
  const clusters = new Map<string, string[]>();
  for (const [key, cluster] of predicted) {
    const members = clusters.get(cluster);
    if (members) members.push(key);
    else clusters.set(cluster, [key]);
  }
  const out = [...clusters.values()].map((m) => m.sort());
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
