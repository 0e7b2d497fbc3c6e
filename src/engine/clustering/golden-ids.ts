/**
 * The id-survival rule (docs/resolution.md), as a pure function from "clusters before" to
 * "clusters after":
 * - a golden id follows its oldest member (lowest record id): the new cluster that holds that
 *   member inherits the id;
 * - when several ids land in one cluster (a merge), the oldest golden entity survives and the
 *   others are retired, forwarding to it;
 * - a cluster that inherits no id gets a new one, recording the id its oldest member came from
 *   (`splitFrom`) when it came from one;
 * - an id with no members left is deleted. Ids are never reused.
 */
import { compareRecordIds, minRecordId } from './record-id';

export interface GoldenAge {
  /** Creation time in ms; ties broken by id. */
  readonly createdAt: number;
}

export interface PlannedCluster {
  readonly goldenId: string;
  readonly members: string[];
  readonly isNew: boolean;
  readonly splitFrom?: string;
  /** Ids retired into this one by a merge. */
  readonly absorbed: string[];
}

export interface IdPlan {
  readonly clusters: PlannedCluster[];
  readonly retired: Array<{ goldenId: string; survivorId: string }>;
  readonly deleted: string[];
}

export function assignGoldenIds(
  clusters: readonly string[][],
  prior: ReadonlyMap<string, string>,
  ages: ReadonlyMap<string, GoldenAge>,
  newId: () => string,
  /** Golden ids that lost records outside `clusters` (deleted records); deleted if nothing else holds them. */
  touched: Iterable<string> = [],
): IdPlan {
  const clusterIndex = new Map<string, number>();
  clusters.forEach((members, i) => members.forEach((m) => clusterIndex.set(m, i)));

  const membersOf = new Map<string, string[]>();
  for (const [recordId, goldenId] of prior) {
    if (!clusterIndex.has(recordId)) continue;
    if (!membersOf.has(goldenId)) membersOf.set(goldenId, []);
    membersOf.get(goldenId)!.push(recordId);
  }
  const heirsOf = new Map<number, string[]>();
  for (const [goldenId, members] of membersOf) {
    const heir = clusterIndex.get(minRecordId(members)!)!;
    if (!heirsOf.has(heir)) heirsOf.set(heir, []);
    heirsOf.get(heir)!.push(goldenId);
  }
  const older = (x: string, y: string): number =>
    (ages.get(x)?.createdAt ?? Infinity) - (ages.get(y)?.createdAt ?? Infinity) ||
    (x < y ? -1 : x > y ? 1 : 0);

  const planned: PlannedCluster[] = [];
  const retired: IdPlan['retired'] = [];
  clusters.forEach((members, i) => {
    const heirs = (heirsOf.get(i) ?? []).sort(older);
    if (heirs.length > 0) {
      const [survivor, ...absorbed] = heirs;
      absorbed.forEach((goldenId) => retired.push({ goldenId, survivorId: survivor }));
      planned.push({ goldenId: survivor, members, isNew: false, absorbed });
      return;
    }
    const origin = [...members].sort(compareRecordIds).find((m) => prior.has(m));
    planned.push({
      goldenId: newId(),
      members,
      isNew: true,
      absorbed: [],
      ...(origin !== undefined && { splitFrom: prior.get(origin) }),
    });
  });
  const everyPrior = new Set([...prior.values(), ...touched]);
  const deleted = [...everyPrior].filter((goldenId) => !membersOf.has(goldenId)).sort();
  return { clusters: planned, retired, deleted };
}
