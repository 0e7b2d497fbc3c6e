/**
 * Constrained clustering of match edges into entities: the one algorithm behind the service's
 * resolution core and the batch linker (bench, training).
 *
 * Greedy agglomeration over a union-find (Tarjan 1975): steward links first, then automatic links
 * from the highest score down, each merging two clusters unless a constraint forbids it. The
 * constraints are the chaining guards (docs/resolution.md): a cannot-link between any two members,
 * at most one record per domain, a maximum cluster size, coherence (a configured share of the
 * larger group must link into the other group, so one weak bridge cannot chain two entities
 * together) and disagreement (most scored pairs between the two groups weigh against a match).
 * Automatic links that can never be accepted (same domain under one_per_domain or across_domains
 * linkage) are dropped before best-match selection, so they never outcompete a cross-domain
 * candidate. The order is total (ties
 * broken by record ids), so the partition depends only on the set of nodes and edges, never on the
 * order in which records arrived: that is what makes resolution order-independent.
 */
import type { ClusteringConfig, Decision, LinkageMode } from '../config/matcher-config.types';
import { bestMatchState, keptBestMatch } from './best-match';
import { compareRecordIds, pairKey } from './record-id';

export interface PartitionNode {
  readonly id: string;
  readonly domain: string;
  /**
   * What the disagreement guard samples members by (default the id): a key of the record itself
   * (domain and source id), so the sample does not depend on the order records arrived in.
   */
  readonly key?: string;
}

export interface PartitionEdge {
  readonly a: string;
  readonly b: string;
  /** Match weight (log2 Bayes factor); steward links rank above every score. */
  readonly score: number;
  readonly kind: 'auto' | 'steward';
}

export interface PartitionOptions {
  readonly maxClusterSize?: number;
  readonly onePerDomain: boolean;
  /**
   * Keep an automatic edge only when it is within `bestMatchMargin` bits of the best edge of both
   * its records (mutual best match), as the batch linker does.
   */
  readonly bestMatchOnly: boolean;
  readonly bestMatchMargin?: number;
  /** Rounds of best-match selection (clustering/best-match.ts); default 1. */
  readonly bestMatchRounds?: number;
  /**
   * Each node's best acceptable automatic score over all its edges, those to nodes outside this
   * call included: a recomputation of part of the graph then selects best matches as the whole
   * graph would.
   */
  readonly bestScores?: ReadonlyMap<string, number>;
  /** With 2 rounds: which nodes have a round-1 link over all their edges (as `bestScores`). */
  readonly taken?: ReadonlySet<string>;
  /** With 2 rounds: each untaken node's best score over its edges to untaken nodes (as `bestScores`). */
  readonly secondBest?: ReadonlyMap<string, number>;
  /** Share (0–1) of the smaller group's records that must link into the other group to join them. */
  readonly minLinkShare?: number;
  /** Pairs that must never share a cluster (steward "not the same"). */
  readonly cannotLink?: ReadonlyArray<readonly [string, string]>;
  /** Automatic edges between two records of one domain are ignored (linkage across domains). */
  readonly acrossDomains?: boolean;
  /** Refuse a join when more than this share of the sampled scored pairs across it are non-matches. */
  readonly maxDisagreement?: number;
  /** The matcher's decision on any pair of nodes (deterministic); needed by `maxDisagreement`. */
  readonly verdict?: (a: string, b: string) => Decision;
}

export type RefusalReason =
  'cannot_link' | 'one_per_domain' | 'max_cluster_size' | 'incoherent' | 'disagreement';

/** Members per side whose pairs the disagreement guard scores: the first by node key, so the check is order-free. */
const SAMPLE = 4;

export interface Partition<E extends PartitionEdge = PartitionEdge> {
  /** Each cluster's members in ascending id order; clusters ordered by their first member. */
  readonly clusters: string[][];
  /** Edges that joined two clusters or fell inside one, in the order they were taken. */
  readonly accepted: E[];
  /** Edges that would have joined two clusters but a constraint forbade it. */
  readonly refused: Array<{ edge: E; reason: RefusalReason }>;
}

const TIE = 1e-9;

/** The partition options a matcher config's `clustering` section stands for. */
export function partitionOptions(
  config: { readonly clustering: ClusteringConfig; readonly linkage: LinkageMode },
  extra: Pick<PartitionOptions, 'cannotLink' | 'verdict' | 'bestScores' | 'taken' | 'secondBest'> = {},
): PartitionOptions {
  const { clustering } = config;
  return {
    maxClusterSize: clustering.maxClusterSize,
    onePerDomain: clustering.onePerDomain,
    bestMatchOnly: clustering.bestMatchOnly,
    bestMatchMargin: clustering.bestMatchMargin,
    bestMatchRounds: clustering.bestMatchRounds,
    minLinkShare: clustering.minLinkShare,
    acrossDomains: config.linkage === 'across_domains',
    ...(extra.verdict && clustering.maxDisagreement < 1 && { maxDisagreement: clustering.maxDisagreement }),
    ...extra,
  };
}

/**
 * Steward links first, then by score; equal scores by their records' keys, not their ids: ids
 * follow arrival, so an id tie-break let the batch boundaries decide between two equal links
 * (generated products under two best-match rounds: one partition at once, another in batches).
 */
function edgeOrder(byKey: (p: string, q: string) => number) {
  const ends = (e: PartitionEdge) => (byKey(e.a, e.b) <= 0 ? [e.a, e.b] : [e.b, e.a]);
  return (x: PartitionEdge, y: PartitionEdge): number => {
    if (x.kind !== y.kind) return x.kind === 'steward' ? -1 : 1;
    if (Math.abs(x.score - y.score) > TIE) return y.score - x.score;
    const [[xa, xb], [ya, yb]] = [ends(x), ends(y)];
    return byKey(xa, ya) || byKey(xb, yb);
  };
}

function keepMutualBest<E extends PartitionEdge>(edges: readonly E[], options: PartitionOptions): E[] {
  const selection = { margin: options.bestMatchMargin ?? 0, rounds: options.bestMatchRounds ?? 1 };
  const state = bestMatchState(edges, selection, {
    ...(options.bestScores && { best: options.bestScores }),
    ...(options.taken && { taken: options.taken }),
    ...(options.secondBest && { second: options.secondBest }),
  });
  return edges.filter((e) => keptBestMatch(e, state, selection));
}

interface Cluster {
  members: string[];
  domains: Set<string>;
  /** The SAMPLE members with the lowest node keys, ascending by key. */
  sample: string[];
}

export function partition<E extends PartitionEdge>(
  nodes: readonly PartitionNode[],
  edges: readonly E[],
  options: PartitionOptions,
): Partition<E> {
  const clusterOf = new Map<string, Cluster>();
  for (const node of nodes)
    clusterOf.set(node.id, { members: [node.id], domains: new Set([node.domain]), sample: [node.id] });
  const keyOf = new Map(nodes.map((n) => [n.id, n.key ?? n.id]));
  const byKey = (p: string, q: string) => {
    const [x, y] = [keyOf.get(p)!, keyOf.get(q)!];
    return x < y ? -1 : x > y ? 1 : compareRecordIds(p, q);
  };
  const cannot = new Map<string, Set<string>>();
  for (const [a, b] of options.cannotLink ?? []) {
    if (!cannot.has(a)) cannot.set(a, new Set());
    if (!cannot.has(b)) cannot.set(b, new Set());
    cannot.get(a)!.add(b);
    cannot.get(b)!.add(a);
  }
  const violatesCannotLink = (x: Cluster, y: Cluster): boolean => {
    const [small, large] = x.members.length <= y.members.length ? [x, y] : [y, x];
    const largeSet = new Set(large.members);
    return small.members.some((m) => [...(cannot.get(m) ?? [])].some((other) => largeSet.has(other)));
  };

  const domainOf = new Map(nodes.map((n) => [n.id, n.domain]));
  const sameDomainBarred = options.onePerDomain || options.acrossDomains === true;
  const inScope = edges.filter(
    (e) =>
      clusterOf.has(e.a) &&
      clusterOf.has(e.b) &&
      e.a !== e.b &&
      !(sameDomainBarred && e.kind === 'auto' && domainOf.get(e.a) === domainOf.get(e.b)),
  );
  const kept = options.bestMatchOnly ? keepMutualBest(inScope, options) : [...inScope];
  const ordered = kept.sort(edgeOrder(byKey));
  // Coherence counts every acceptable match, not only the mutual-best ones that compete for merging.
  const neighbours = new Map<string, Set<string>>();
  for (const e of inScope) {
    if (!neighbours.has(e.a)) neighbours.set(e.a, new Set());
    if (!neighbours.has(e.b)) neighbours.set(e.b, new Set());
    neighbours.get(e.a)!.add(e.b);
    neighbours.get(e.b)!.add(e.a);
  }
  const share = options.minLinkShare ?? 0;
  /**
   * Share of the larger group's records that link to the smaller group: a new record must match
   * that share of an entity's members, and two entities need more than one bridge to join.
   */
  const linkedShare = (x: Cluster, y: Cluster): number => {
    const [small, large] = x.members.length <= y.members.length ? [x, y] : [y, x];
    const smallSet = new Set(small.members);
    const linked = large.members.filter((m) =>
      [...(neighbours.get(m) ?? [])].some((n) => smallSet.has(n)),
    ).length;
    return linked / large.members.length;
  };
  /**
   * More than the allowed share of the scored pairs between the two groups' samples are `no-match`
   * (the caller's `verdict` says when evidence weighs against: Matcher.evidence).
   */
  const disagree = (x: Cluster, y: Cluster): boolean => {
    if (options.maxDisagreement === undefined || !options.verdict) return false;
    let matches = 0;
    let nonMatches = 0;
    for (const a of x.sample) {
      for (const b of y.sample) {
        const verdict = options.verdict(a, b);
        if (verdict === 'match') matches++;
        else if (verdict === 'no-match') nonMatches++;
      }
    }
    return nonMatches > 0 && nonMatches / (matches + nonMatches) > options.maxDisagreement + TIE;
  };
  const refused: Partition<E>['refused'] = [];
  const accepted: E[] = [];
  for (const edge of ordered) {
    const x = clusterOf.get(edge.a)!;
    const y = clusterOf.get(edge.b)!;
    if (x === y) {
      accepted.push(edge);
      continue;
    }
    let reason: RefusalReason | undefined;
    if (cannot.size > 0 && violatesCannotLink(x, y)) reason = 'cannot_link';
    else if (options.onePerDomain && [...y.domains].some((d) => x.domains.has(d))) reason = 'one_per_domain';
    else if (
      options.maxClusterSize !== undefined &&
      x.members.length + y.members.length > options.maxClusterSize
    ) {
      reason = 'max_cluster_size';
    } else if (share > 0 && edge.kind === 'auto' && linkedShare(x, y) < share - TIE) {
      reason = 'incoherent';
    } else if (edge.kind === 'auto' && disagree(x, y)) {
      reason = 'disagreement';
    }
    if (reason) {
      refused.push({ edge, reason });
      continue;
    }
    accepted.push(edge);
    const [into, from] = x.members.length >= y.members.length ? [x, y] : [y, x];
    for (const m of from.members) {
      into.members.push(m);
      clusterOf.set(m, into);
    }
    from.domains.forEach((d) => into.domains.add(d));
    into.sample = [...into.sample, ...from.sample].sort(byKey).slice(0, SAMPLE);
  }

  const clusters = [...new Set(clusterOf.values())].map((c) => [...c.members].sort(compareRecordIds));
  clusters.sort((p, q) => compareRecordIds(p[0], q[0]));
  // A refused edge whose records ended up together anyway (through other links) is no conflict.
  const final = new Map<string, number>();
  clusters.forEach((members, i) => members.forEach((m) => final.set(m, i)));
  return {
    clusters,
    accepted,
    refused: refused.filter(({ edge }) => final.get(edge.a) !== final.get(edge.b)),
  };
}

export { pairKey };
