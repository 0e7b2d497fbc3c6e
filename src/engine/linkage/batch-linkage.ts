/**
 * Full linkage or deduplication of in-memory record sets through blocking: the bench's (and a
 * one-off import's) counterpart of the service's incremental flow, with the same matcher calls.
 */
import type { Decision } from '../config/matcher-config.types';
import type { Matcher } from '../matcher/matcher';
import type { PreparedRecord } from '../matcher/prepare';
import { probabilityOf } from '../scoring/fellegi-sunter';
import { buildBlockIndex, forEachCandidatePair, type BlockIndex } from './block-index';
import { partition, partitionOptions, type PartitionEdge } from '../clustering/partition';

export interface ScoredLink {
  readonly i: number;
  readonly j: number;
  readonly score: number;
  readonly decision: Decision;
  readonly key: string;
  readonly rule?: string;
}

export interface LinkageOptions {
  /** Source domain of each record; pairs inside one domain are skipped when `crossDomainOnly`. */
  readonly domains?: readonly string[];
  /** Default: the config's `linkage: across_domains`. */
  readonly crossDomainOnly?: boolean;
}

export interface LinkageResult {
  readonly index: BlockIndex;
  readonly pairsScored: number;
  /** Pairs decided `match` or `review`, before clustering. */
  readonly candidates: readonly ScoredLink[];
  /** `match` pairs kept by the config's clustering options. */
  readonly links: readonly ScoredLink[];
  /** Cluster representative (lowest record index) per record, after clustering. */
  readonly clusterOf: Int32Array;
  readonly scoringSeconds: number;
}

export function linkRecords(
  matcher: Matcher,
  records: readonly PreparedRecord[],
  options: LinkageOptions = {},
): LinkageResult {
  const index = buildBlockIndex(matcher, records);
  const candidates: ScoredLink[] = [];
  const started = process.hrtime.bigint();
  const pairsScored = forEachCandidatePair(
    index,
    (i, j, key) => {
      const a = records[i];
      const b = records[j];
      const rule = matcher.rule(a, b); // config rules and vetoes
      if (rule?.then === 'no-match') return;
      const score = matcher.weight(a, b);
      const decision = rule ? rule.then : matcher.decide(probabilityOf(score));
      if (decision === 'no-match') return;
      candidates.push({ i, j, score, decision, key, ...(rule && { rule: rule.name }) });
    },
    (options.crossDomainOnly ?? matcher.config.linkage === 'across_domains') ? options.domains : undefined,
  );
  const scoringSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { links, clusterOf } = clusterMatches(
    matcher,
    records,
    candidates.filter((link) => link.decision === 'match'),
    options.domains,
  );
  return { index, pairsScored, candidates, links, clusterOf, scoringSeconds };
}

type IndexedEdge = PartitionEdge & { readonly link: ScoredLink };

/**
 * Clusters the match links with the service's `partition` (record indices as ids), so the bench and
 * training measure the algorithm users get. `links` are the accepted ones, in the order taken.
 */
function clusterMatches(
  matcher: Matcher,
  records: readonly PreparedRecord[],
  matches: readonly ScoredLink[],
  domains: readonly string[] = [],
): { links: ScoredLink[]; clusterOf: Int32Array } {
  const size = records.length;
  const nodes = Array.from({ length: size }, (_, i) => ({ id: String(i), domain: domains[i] ?? '' }));
  const edges = matches.map((link): IndexedEdge => ({
    a: String(link.i),
    b: String(link.j),
    score: link.score,
    kind: 'auto',
    link,
  }));
  const verdict = (a: string, b: string) => matcher.verdict(records[Number(a)], records[Number(b)]);
  const { clusters, accepted } = partition(nodes, edges, partitionOptions(matcher.config, { verdict }));
  const clusterOf = new Int32Array(size);
  for (const members of clusters) {
    const representative = Number(members[0]);
    for (const member of members) clusterOf[Number(member)] = representative;
  }
  return { links: accepted.map((edge) => edge.link), clusterOf };
}
