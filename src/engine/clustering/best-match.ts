/**
 * Best-match selection (clustering `best_match_only`): which automatic links may join clusters.
 * The one rule behind `partition`, the component scope (engine/resolution/component-scope.ts) and
 * the service's traversal, which asks it record by record (`isTaken`, `secondBest`), so a local
 * recomputation keeps what the whole graph would.
 *
 * Round 1: a link is kept when it is within `margin` bits of the best link of both its records.
 * Round 2 (`best_match_rounds: 2`): the records with no round-1 link ("taken" ones excluded)
 * compete again among the links between two such records, with the same margin. Every round-1
 * link stays; a taken record never gains a round-2 link. This gives a record whose candidates were
 * all claimed by mutual-best pairs elsewhere a chance at the best of what is left (docs/benchmarks.md,
 * Amazon–Google 0.7194 -> 0.7255 served).
 *
 * Every input is a property of the link graph alone (no order), so the selection is order-free.
 * Reach: a record's best needs its own links, its taken flag its neighbours' bests, its round-2 best
 * its neighbours' taken flags, so deciding a link reads links up to two hops past its records.
 */

/** A link as selection sees it: `kind: 'steward'` is always kept. */
export interface RankedLink {
  readonly a: string;
  readonly b: string;
  readonly score: number;
  readonly kind: 'auto' | 'steward';
}

export interface BestMatchSelection {
  readonly margin: number;
  /** 1 or 2. */
  readonly rounds: number;
}

/** What selection knows of each record; entries given by the caller may cover links outside the call. */
export interface BestMatchState {
  /** Best automatic score of each record. */
  readonly best: ReadonlyMap<string, number>;
  /** Records with a round-1 link (rounds 2). */
  readonly taken: ReadonlySet<string>;
  /** Best score of each untaken record over links to untaken records (rounds 2). */
  readonly second: ReadonlyMap<string, number>;
}

const TIE = 1e-9;

const within = (score: number, best: number | undefined, margin: number) =>
  score >= (best ?? -Infinity) - margin - TIE;

function maxInto(map: Map<string, number>, id: string, score: number): void {
  map.set(id, Math.max(map.get(id) ?? -Infinity, score));
}

/** A per-record score (best, or round-2 best) that may be unknown. */
export type ScoreOf = (id: string) => number | undefined;

/** Round-1 kept: within the margin of both records' best. */
export function keptFirst(link: RankedLink, best: ReadonlyMap<string, number>, margin: number): boolean {
  return keptWithin(link, (id) => best.get(id), margin);
}

const keptWithin = (link: RankedLink, score: ScoreOf, margin: number) =>
  within(link.score, score(link.a), margin) && within(link.score, score(link.b), margin);

/**
 * "Taken": whether `record` has a round-1 link. `links` are its automatic links (all of them, for
 * an exact answer), `best` the best score of each of their ends.
 */
export function isTaken(
  record: string,
  links: readonly RankedLink[],
  best: ScoreOf,
  margin: number,
): boolean {
  return links.some((l) => (l.a === record || l.b === record) && keptWithin(l, best, margin));
}

/**
 * "Second best": an untaken record's best score over its links to untaken records, which round 2
 * compares within the margin; undefined for a taken record or one with no such link.
 */
export function secondBest(
  record: string,
  links: readonly RankedLink[],
  taken: (id: string) => boolean,
): number | undefined {
  if (taken(record)) return undefined;
  let score: number | undefined;
  for (const l of links) {
    if (l.a !== record && l.b !== record) continue;
    if (taken(l.a === record ? l.b : l.a)) continue;
    score = Math.max(score ?? -Infinity, l.score);
  }
  return score;
}

/**
 * The selection state of the given (acceptable, automatic) links, merged with what the caller
 * already knows of records whose links reach outside them (`known` wins where it says more).
 */
export function bestMatchState(
  links: readonly RankedLink[],
  selection: BestMatchSelection,
  known: Partial<BestMatchState> = {},
): BestMatchState {
  const auto = links.filter((l) => l.kind === 'auto');
  const best = new Map(known.best ?? []);
  for (const l of auto) {
    maxInto(best, l.a, l.score);
    maxInto(best, l.b, l.score);
  }
  const taken = new Set(known.taken ?? []);
  const second = new Map(known.second ?? []);
  if (selection.rounds < 2) return { best, taken, second };
  const linksOf = new Map<string, RankedLink[]>();
  for (const l of auto) {
    for (const id of [l.a, l.b]) {
      if (!linksOf.has(id)) linksOf.set(id, []);
      linksOf.get(id)!.push(l);
    }
  }
  for (const [id, own] of linksOf) if (isTaken(id, own, (x) => best.get(x), selection.margin)) taken.add(id);
  for (const [id, own] of linksOf) {
    const score = secondBest(id, own, (x) => taken.has(x));
    if (score !== undefined) maxInto(second, id, score);
  }
  return { best, taken, second };
}

/** Whether best-match selection keeps this link. */
export function keptBestMatch(
  link: RankedLink,
  state: BestMatchState,
  selection: BestMatchSelection,
): boolean {
  if (link.kind !== 'auto' || keptFirst(link, state.best, selection.margin)) return true;
  if (selection.rounds < 2 || state.taken.has(link.a) || state.taken.has(link.b)) return false;
  return keptFirst(link, state.second, selection.margin);
}
