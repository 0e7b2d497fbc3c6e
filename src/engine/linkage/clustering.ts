/**
 * Link selection and clustering for batch runs, following the config's `clustering` options:
 * - best_match_only: a pair survives when it is within `best_match_margin` bits of the best link of
 *   both its records (mutual best match; margin 0 keeps ties only). A record then does not link to a
 *   candidate that has a clearly better partner — the batch counterpart of the service linking a new
 *   record to its best candidate only;
 * - then links are merged greedily from the highest score down (union-find), refusing a merge that
 *   would put two records of one domain in a cluster (one_per_domain), grow a cluster past
 *   max_cluster_size, or join two groups that fewer than min_link_share of the larger one's records
 *   link into (coherence, as the service's partition.ts). With two duplicate-free sources,
 *   one_per_domain is greedy 1:1 assignment.
 */
import type { ClusteringConfig } from '../config/matcher-config.types';

export interface Link {
  readonly i: number;
  readonly j: number;
  readonly score: number;
}

const TIE = 1e-9;

export function bestMatchOnly<T extends Link>(links: readonly T[], size: number, margin = 0): T[] {
  const best = new Float64Array(size).fill(-Infinity);
  for (const { i, j, score } of links) {
    best[i] = Math.max(best[i], score);
    best[j] = Math.max(best[j], score);
  }
  const slack = margin + TIE;
  return links.filter(({ i, j, score }) => score >= best[i] - slack && score >= best[j] - slack);
}

export interface Clusters<T extends Link> {
  /** Links kept after the constraints. */
  readonly accepted: T[];
  /** Cluster representative of each record. */
  readonly clusterOf: Int32Array;
}

export function clusterLinks<T extends Link>(
  links: readonly T[],
  size: number,
  options: ClusteringConfig,
  domains?: readonly string[],
): Clusters<T> {
  const selected = options.bestMatchOnly ? bestMatchOnly(links, size, options.bestMatchMargin) : [...links];
  selected.sort((x, y) => y.score - x.score);
  const parent = Int32Array.from({ length: size }, (_, i) => i);
  const members = new Map<number, { size: number; domains: Set<string>; records: number[] }>();
  const share = options.minLinkShare ?? 0;
  const neighbours = new Map<number, number[]>();
  if (share > 0) {
    for (const { i, j } of selected) {
      neighbours.set(i, [...(neighbours.get(i) ?? []), j]);
      neighbours.set(j, [...(neighbours.get(j) ?? []), i]);
    }
  }
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const info = (root: number) => {
    let entry = members.get(root);
    if (!entry) {
      entry = { size: 1, domains: new Set(domains ? [domains[root]] : []), records: [root] };
      members.set(root, entry);
    }
    return entry;
  };
  const accepted: T[] = [];
  for (const link of selected) {
    const a = find(link.i);
    const b = find(link.j);
    if (a === b) {
      accepted.push(link);
      continue;
    }
    const [big, small] = info(a).size >= info(b).size ? [a, b] : [b, a];
    const x = info(big);
    const y = info(small);
    if (options.maxClusterSize !== undefined && x.size + y.size > options.maxClusterSize) continue;
    if (options.onePerDomain && [...y.domains].some((domain) => x.domains.has(domain))) continue;
    if (share > 0) {
      const inSmall = new Set(y.records);
      const linked = x.records.filter((r) => (neighbours.get(r) ?? []).some((n) => inSmall.has(n))).length;
      if (linked / x.size < share) continue;
    }
    parent[small] = big;
    x.size += y.size;
    if (share > 0) x.records.push(...y.records);
    y.domains.forEach((domain) => x.domains.add(domain));
    members.delete(small);
    accepted.push(link);
  }
  return { accepted, clusterOf: parent.map((_, i) => find(i)) };
}
