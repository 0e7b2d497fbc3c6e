/**
 * Which records a change must recompute together (docs/resolution.md, "How far a change reaches").
 *
 * `partition` merges clusters only along the edges it keeps: steward links, and automatic links
 * that one_per_domain / across_domains linkage can accept and that pass best-match selection
 * against each record's best score over ALL its edges. Every guard looks only at the two clusters
 * an edge would join. So the clusters of the whole graph are unions within the connected
 * components of the kept-edge graph, and partitioning one such component (with the global best
 * scores, and with two best-match rounds each record's taken flag and round-2 best) gives exactly
 * the clusters the whole graph would: the recomputation is local and still order-independent.
 * Following every stored match edge instead (refused and out-competed ones included) glued whole
 * catalogues of common-token products into one component.
 */
import {
  bestMatchState,
  keptBestMatch,
  type BestMatchSelection,
  type BestMatchState,
} from '../clustering/best-match';
import type { LinkageMode, ClusteringConfig } from '../config/matcher-config.types';

export interface ScopeEdge {
  readonly a: string;
  readonly b: string;
  readonly score: number;
  readonly kind: 'auto' | 'steward';
  readonly domainA: string;
  readonly domainB: string;
}

export interface ScopeConfig {
  readonly clustering: ClusteringConfig;
  readonly linkage: LinkageMode;
}

/** An automatic edge clustering could ever accept (never one inside a domain when domains are kept apart). */
export function usableEdge(edge: ScopeEdge, config: ScopeConfig): boolean {
  if (edge.kind !== 'auto') return true;
  const apart = config.clustering.onePerDomain || config.linkage === 'across_domains';
  return !(apart && edge.domainA === edge.domainB);
}

/** Best usable automatic score per record, over the given edges. */
export function bestScores(edges: Iterable<ScopeEdge>, config: ScopeConfig): Map<string, number> {
  const best = new Map<string, number>();
  for (const edge of edges) {
    if (edge.kind !== 'auto' || !usableEdge(edge, config)) continue;
    best.set(edge.a, Math.max(best.get(edge.a) ?? -Infinity, edge.score));
    best.set(edge.b, Math.max(best.get(edge.b) ?? -Infinity, edge.score));
  }
  return best;
}

/** The best-match state of the given edges, counting only the usable automatic ones (as `partition`). */
export function scopeState(edges: readonly ScopeEdge[], config: ScopeConfig): BestMatchState {
  return bestMatchState(
    edges.filter((e) => e.kind === 'auto' && usableEdge(e, config)),
    selectionOf(config),
  );
}

/** The best-match selection a config asks for (one round when best_match_only is off: unused). */
export function selectionOf(config: ScopeConfig): BestMatchSelection {
  const { bestMatchMargin, bestMatchRounds } = config.clustering;
  return { margin: bestMatchMargin, rounds: config.clustering.bestMatchOnly ? bestMatchRounds : 1 };
}

/**
 * Whether clustering may join along this edge: then its two ends belong to one recomputation.
 * `state` must be exact for both ends over ALL their edges (clustering/best-match.ts says what it needs).
 */
export function keptEdge(edge: ScopeEdge, state: BestMatchState, config: ScopeConfig): boolean {
  if (edge.kind !== 'auto') return true;
  if (!usableEdge(edge, config)) return false;
  if (!config.clustering.bestMatchOnly) return true;
  return keptBestMatch(edge, state, selectionOf(config));
}
