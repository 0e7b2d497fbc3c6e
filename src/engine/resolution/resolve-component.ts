/**
 * The resolution core (docs/resolution.md): from a snapshot of one component — its records, match
 * edges, steward constraints and the golden entities it held — to the change set that resolves it.
 * Pure: no storage, no clock, no randomness of its own (time and ids come in), so the service only
 * loads the snapshot under its locks and writes what comes back, and the same code runs in unit
 * specs. Steps: constrained clustering (`partition`), the id-survival rule (`assignGoldenIds`),
 * survivorship per entity, golden changes and events, and the links a guard refused or left
 * uncertain, for the review queue.
 */
import type {
  ClusteringConfig,
  Decision,
  LinkageMode,
  SurvivorshipConfig,
} from '../config/matcher-config.types';
import { assignGoldenIds } from '../clustering/golden-ids';
import { partition, partitionOptions, type PartitionEdge, type RefusalReason } from '../clustering/partition';
import { compareRecordIds, pairKey } from '../clustering/record-id';
import { survive, type SurvivorMember } from '../survivorship/survive';
import type { GoldenCause } from './golden-event';
import { buildGoldenChanges, type ChangeOutput, type GoldenState, type MemberInfo } from './golden-changes';

export interface ComponentRecord extends MemberInfo {
  readonly recordId: string;
  /** The golden entity the record belonged to before this change (none for a new record). */
  readonly goldenId?: string;
  /** Deleted in this change: leaves its entity, takes part in nothing. */
  readonly deleted?: boolean;
}

export interface ComponentEdge {
  readonly a: string;
  readonly b: string;
  readonly score: number;
  readonly kind: 'auto' | 'steward';
}

export interface ComponentConstraint {
  readonly a: string;
  readonly b: string;
  readonly kind: 'must_link' | 'cannot_link';
}

/** A pair scored in the review band in this change; `scored` is carried through untouched. */
export interface ReviewCandidate<S> {
  readonly a: string;
  readonly b: string;
  readonly scored: S;
}

export interface ComponentSnapshot<S = unknown> {
  readonly entityType: string;
  /** Every record of the component, deleted ones included (with their prior golden id). */
  readonly records: readonly ComponentRecord[];
  /** Match edges (automatic and steward) among the component's records. */
  readonly edges: readonly ComponentEdge[];
  readonly constraints: readonly ComponentConstraint[];
  /** Locked state of every golden entity the component's records belonged to. */
  readonly goldens: ReadonlyMap<string, GoldenState>;
  /** Current source attributes of the component's live records, for survivorship. */
  readonly survivors: readonly SurvivorMember[];
  /** The records this change is about: links a guard refused around them go to review. */
  readonly seeds: readonly string[];
  readonly reviewPairs: ReadonlyArray<ReviewCandidate<S>>;
  /** Best acceptable automatic score of each record over all its edges (see `componentScope`). */
  readonly bestScores?: ReadonlyMap<string, number>;
  /** With two best-match rounds: records taken in round 1 and round-2 bests, over all their edges. */
  readonly taken?: ReadonlySet<string>;
  readonly secondBest?: ReadonlyMap<string, number>;
}

export interface ResolutionContext {
  readonly clustering: ClusteringConfig;
  readonly linkage: LinkageMode;
  /** The matcher's decision on any two records of the component, for the disagreement guard. */
  readonly verdict?: (a: string, b: string) => Decision;
  readonly survivorship: SurvivorshipConfig;
  readonly cause: GoldenCause;
  readonly now: Date;
  /** New golden ids and event ids. */
  readonly newId: () => string;
}

export interface RefusedLink {
  /** Stored pair order: a < b. */
  readonly a: string;
  readonly b: string;
  readonly reason: RefusalReason;
}

export interface ChangeSet<S = unknown> extends ChangeOutput {
  /** Stored records whose golden id changed (new and deleted records excluded). */
  readonly relinked: Array<{ recordId: string; goldenId: string }>;
  /** Stored match links around the seeds that a guard refused and that did not end up together. */
  readonly refused: RefusedLink[];
  /** Review-band pairs that did not end up together. */
  readonly uncertain: Array<ReviewCandidate<S>>;
}

export function resolveComponent<S>(
  snapshot: ComponentSnapshot<S>,
  context: ResolutionContext,
): ChangeSet<S> {
  const live = snapshot.records.filter((r) => !r.deleted);
  const info = new Map(snapshot.records.map((r) => [r.recordId, { domain: r.domain, sourceId: r.sourceId }]));
  const result = partition(
    live.map((r) => ({ id: r.recordId, domain: r.domain, key: `${r.domain}\u0000${r.sourceId}` })),
    [
      ...snapshot.edges.map((e): PartitionEdge => ({ a: e.a, b: e.b, score: e.score, kind: e.kind })),
      ...snapshot.constraints
        .filter((c) => c.kind === 'must_link')
        .map((c): PartitionEdge => ({ a: c.a, b: c.b, score: 0, kind: 'steward' })),
    ],
    partitionOptions(context, {
      cannotLink: snapshot.constraints
        .filter((c) => c.kind === 'cannot_link')
        .map((c) => [c.a, c.b] as const),
      ...(context.verdict && { verdict: context.verdict }),
      ...(snapshot.bestScores && { bestScores: snapshot.bestScores }),
      ...(snapshot.taken && { taken: snapshot.taken }),
      ...(snapshot.secondBest && { secondBest: snapshot.secondBest }),
    }),
  );

  const prior = new Map<string, string>();
  for (const r of snapshot.records) if (r.goldenId !== undefined) prior.set(r.recordId, r.goldenId);
  const plan = assignGoldenIds(result.clusters, prior, snapshot.goldens, context.newId);
  const survivors = new Map(snapshot.survivors.map((s) => [s.recordId, s]));
  const attributes = new Map(
    plan.clusters.map((c) => [
      c.goldenId,
      survive(
        c.members.flatMap((id) => survivors.get(id) ?? []),
        context.survivorship,
      ),
    ]),
  );
  const out = buildGoldenChanges({
    entityType: snapshot.entityType,
    plan,
    prior,
    info,
    goldens: snapshot.goldens,
    attributes,
    cause: context.cause,
    now: context.now,
    newId: context.newId,
  });

  const relinked = live
    .filter((r) => r.goldenId !== undefined && out.assignment.get(r.recordId) !== r.goldenId)
    .map((r) => ({ recordId: r.recordId, goldenId: out.assignment.get(r.recordId)! }));
  const apart = (a: string, b: string) => out.assignment.get(a) !== out.assignment.get(b);
  const stored = new Set(snapshot.edges.map((e) => pairKey(e.a, e.b)));
  const seeds = new Set(snapshot.seeds);
  const refused = result.refused
    .filter(({ edge }) => stored.has(pairKey(edge.a, edge.b)) && (seeds.has(edge.a) || seeds.has(edge.b)))
    .map(({ edge, reason }) => {
      const [a, b] = compareRecordIds(edge.a, edge.b) <= 0 ? [edge.a, edge.b] : [edge.b, edge.a];
      return { a, b, reason };
    });
  const uncertain = snapshot.reviewPairs.filter((p) => apart(p.a, p.b));
  return { ...out, relinked, refused, uncertain };
}
