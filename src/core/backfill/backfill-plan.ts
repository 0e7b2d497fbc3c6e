/**
 * The resolution side of a backfill, without storage: the same matcher calls as the incremental
 * path (verdict, compare) on the candidate pairs of one block at a time (arrival-blocks.ts), and
 * each connected component of the match edges resolved by the resolution core
 * (`resolveComponent`: the one partition, id rule, survivorship and golden events). Clustering
 * never joins records that no edge connects, so resolving component by component gives the
 * partition the whole store gives at once. From an empty store every cluster is a new golden entity
 * with one `golden.created` event (version 1).
 */
import { randomUUID } from 'node:crypto';
import { compareRecordIds } from '../../engine/clustering/record-id';
import type { Explanation, Matcher, PreparedRecord } from '../../engine';
import {
  resolveComponent,
  type ChangeSet,
  type ComponentEdge,
  type ReviewCandidate,
} from '../../engine/resolution/resolve-component';
import type { SurvivorMember } from '../../engine/survivorship/survive';
import type { EdgeRow } from '../resolution/resolution.repository';
import {
  forEachBlockPair,
  linksThrough,
  pairKeyOf,
  type BlockMember,
  type OverBlocks,
} from './arrival-blocks';

export interface Scored {
  score: number;
  probability: number;
  explanation: Explanation;
}

export interface ScoredMember extends BlockMember {
  readonly recordId: string;
  readonly domain: string;
  readonly prepared: PreparedRecord;
}

export interface BlockOutcome<M> {
  /** A match edge (a < b), with the members it joins. */
  edge(row: EdgeRow, a: M, b: M): void;
  /** A pair (a < b) scored in the review band. */
  review(pair: ReviewCandidate<Scored>, a: M, b: M): void;
}

/**
 * Scores the pairs block `key` is where arrival finds them (`members` in id order), as
 * scoreCandidates (resolution/candidate-scoring.ts) does: never two records of one source under
 * linkage across domains; the matcher's verdict first (no explanation), `compare` for the pairs it
 * does not reject. Returns the number of pairs considered.
 */
export function scoreBlock<M extends ScoredMember>(
  matcher: Matcher,
  key: string,
  members: readonly M[],
  over: OverBlocks,
  out: BlockOutcome<M>,
): number {
  const acrossDomains = matcher.config.linkage === 'across_domains';
  return forEachBlockPair(key, members, over, (x, y) => {
    if (acrossDomains && x.domain === y.domain) return;
    // A pair found only through blocks that all passed their cap later would have lost its edge, or
    // its open review item, when the last of them did (skew-prune.ts): it is not scored at all.
    if (!linksThrough(over, x, y)) return;
    const [first, second] = compareRecordIds(x.recordId, y.recordId) < 0 ? [x, y] : [y, x];
    if (matcher.verdict(first.prepared, second.prepared) === 'no-match') return;
    const scored = matcher.compare(first.prepared, second.prepared, { blockingKey: pairKeyOf(over, x, y) });
    const { score, probability, explanation } = scored;
    const [a, b] = [first.recordId, second.recordId];
    if (scored.decision === 'match')
      out.edge({ a, b, kind: 'auto', score, probability, explanation }, first, second);
    else if (scored.decision === 'review')
      out.review({ a, b, scored: { score, probability, explanation } }, first, second);
  });
}

export interface ComponentMember extends SurvivorMember {
  /** Needed only when the disagreement guard is on and the component has several members. */
  readonly prepared: PreparedRecord | null;
}

export interface PlanContext {
  entityType: string;
  now: Date;
  newId?: () => string;
}

/** Resolves one connected component of new records: its live members (id order), edges and review pairs. */
export function resolveBackfillComponent(
  matcher: Matcher,
  members: readonly ComponentMember[],
  edges: readonly ComponentEdge[],
  reviewPairs: ReadonlyArray<ReviewCandidate<Scored>>,
  context: PlanContext,
): ChangeSet<Scored> {
  const preparedOf = new Map(members.map((m) => [m.recordId, m.prepared]));
  return resolveComponent<Scored>(
    {
      entityType: context.entityType,
      records: members.map((m) => ({ recordId: m.recordId, domain: m.domain, sourceId: m.sourceId })),
      edges,
      constraints: [],
      goldens: new Map(),
      survivors: members,
      seeds: members.map((m) => m.recordId),
      reviewPairs,
    },
    {
      ...matcher.config,
      cause: 'match',
      now: context.now,
      newId: context.newId ?? (() => randomUUID()),
      // The disagreement guard's verdicts, from the prepared forms, as the service gives them.
      ...(needsPrepared(matcher) && {
        verdict: (a: string, b: string) => matcher.evidence(preparedOf.get(a)!, preparedOf.get(b)!),
      }),
    },
  );
}

/** Whether resolving a component of several records needs their prepared forms (the disagreement guard). */
export const needsPrepared = (matcher: Matcher): boolean => matcher.config.clustering.maxDisagreement < 1;
