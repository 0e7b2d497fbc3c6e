import type { ResolutionState } from './reevaluation.repository';

export interface RecordRef {
  domain: string;
  sourceId: string;
}

export interface LinkSample {
  a: RecordRef;
  b: RecordRef;
  score: number;
}

/** What a matcher change does to one entity type's links and entities (`POST .../diff`). */
export interface ResolutionDiff {
  links: {
    before: number;
    after: number;
    added: number;
    removed: number;
    /** Pairs linked before and after whose score changed. */
    rescored: number;
    sample: { added: LinkSample[]; removed: LinkSample[] };
  };
  entities: {
    before: number;
    after: number;
    /** Entities after the change that gather records of two or more entities before it. */
    merges: number;
    /** Entities before the change whose records end up in two or more entities. */
    splits: number;
    /** Records whose entity changed (by membership, not by id). */
    recordsMoved: number;
    sample: {
      merges: Array<{ from: string[]; members: RecordRef[] }>;
      splits: Array<{ goldenId: string; parts: RecordRef[][] }>;
    };
  };
  reviewItems: { openBefore: number; openAfter: number };
}

const group = (goldenOf: Map<string, string>): Map<string, string[]> => {
  const out = new Map<string, string[]>();
  for (const [record, golden] of goldenOf) {
    if (!out.has(golden)) out.set(golden, []);
    out.get(golden)!.push(record);
  }
  return out;
};

/**
 * Compares two states of one entity type. Entities are compared by membership, never by golden id
 * (a dry run's ids are thrown away): a merge is an entity after that holds records of several
 * entities before, a split an entity before whose records end up in several entities after.
 */
export function diffResolution(
  before: ResolutionState,
  after: ResolutionState,
  sampleSize = 10,
): ResolutionDiff {
  const ref = (id: string): RecordRef =>
    after.refs.get(id) ?? before.refs.get(id) ?? { domain: '?', sourceId: id };
  const link = (e: { a: string; b: string; score: number }): LinkSample => ({
    a: ref(e.a),
    b: ref(e.b),
    score: e.score,
  });
  const added = [...after.edges].filter(([k]) => !before.edges.has(k)).map(([, e]) => e);
  const removed = [...before.edges].filter(([k]) => !after.edges.has(k)).map(([, e]) => e);
  const rescored = [...after.edges].filter(
    ([k, e]) => before.edges.has(k) && before.edges.get(k)!.score !== e.score,
  );

  const beforeGroups = group(before.goldenOf);
  const afterGroups = group(after.goldenOf);
  const merges: ResolutionDiff['entities']['sample']['merges'] = [];
  let mergeCount = 0;
  for (const members of afterGroups.values()) {
    const from = new Set(
      members.map((r) => before.goldenOf.get(r)).filter((g): g is string => g !== undefined),
    );
    if (from.size < 2) continue;
    mergeCount++;
    if (merges.length < sampleSize) merges.push({ from: [...from].sort(), members: members.map(ref) });
  }
  const splits: ResolutionDiff['entities']['sample']['splits'] = [];
  let splitCount = 0;
  for (const [goldenId, members] of beforeGroups) {
    const parts = new Map<string, string[]>();
    for (const r of members) {
      const to = after.goldenOf.get(r);
      if (to === undefined) continue;
      if (!parts.has(to)) parts.set(to, []);
      parts.get(to)!.push(r);
    }
    if (parts.size < 2) continue;
    splitCount++;
    if (splits.length < sampleSize)
      splits.push({ goldenId, parts: [...parts.values()].map((p) => p.map(ref)) });
  }
  // A record moved when the set of records it shares its entity with changed.
  const key = (groups: Map<string, string[]>, goldenOf: Map<string, string>, r: string): string =>
    [...(groups.get(goldenOf.get(r) ?? '') ?? [])].sort().join(',');
  let recordsMoved = 0;
  for (const r of after.goldenOf.keys())
    if (
      !before.goldenOf.has(r) ||
      key(beforeGroups, before.goldenOf, r) !== key(afterGroups, after.goldenOf, r)
    )
      recordsMoved++;

  return {
    links: {
      before: before.edges.size,
      after: after.edges.size,
      added: added.length,
      removed: removed.length,
      rescored: rescored.length,
      sample: {
        added: added.slice(0, sampleSize).map(link),
        removed: removed.slice(0, sampleSize).map(link),
      },
    },
    entities: {
      before: beforeGroups.size,
      after: afterGroups.size,
      merges: mergeCount,
      splits: splitCount,
      recordsMoved,
      sample: { merges, splits },
    },
    reviewItems: { openBefore: before.openReviewItems, openAfter: after.openReviewItems },
  };
}
