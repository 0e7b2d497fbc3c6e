import type { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Matcher } from '../../engine';
import type { MemberInfo } from '../../engine/resolution/golden-changes';
import { isTaken, secondBest } from '../../engine/clustering/best-match';
import {
  bestScores,
  keptEdge,
  selectionOf,
  usableEdge,
  type ScopeEdge,
} from '../../engine/resolution/component-scope';
import type { EdgeLink, RecordRef, ResolutionRepository } from './resolution.repository';

/** How far one change may pull in linked entities before the recomputation stops expanding. */
const MAX_COMPONENT_RECORDS = 2000;

/** The records a recomputation covers, with their edges. */
export interface Component {
  nodes: Set<string>;
  rows: Map<string, RecordRef>;
  goldens: Set<string>;
  edges: EdgeLink[];
  bestScores: Map<string, number>;
  /** With two best-match rounds: the records taken in round 1, and round-2 bests (over all their edges). */
  taken?: Set<string>;
  secondBest?: Map<string, number>;
}

/** Where a recomputation starts: the changed records, their golden entities, the new records' identities. */
export interface ComponentSeeds {
  seeds: string[];
  seedGoldens: Set<string>;
  info: Map<string, MemberInfo>;
}

/**
 * The records whose clustering a change can affect (engine/resolution/component-scope.ts): the
 * changed records, every record reached from them over edges clustering could join along
 * (transitively), and every member of each golden entity reached, so an entity is always
 * recomputed whole. Comes back with the edges among them and each record's best score over all
 * its edges, so best-match selection inside the component sees the edges that leave it.
 */
export async function traverseComponent(
  m: EntityManager,
  records: ResolutionRepository,
  logger: Logger,
  matcher: Matcher,
  input: ComponentSeeds,
): Promise<Component> {
  const config = matcher.config;
  const nodes = new Set<string>(input.seeds);
  const rows = new Map<string, RecordRef>();
  const goldens = new Set<string>();
  /** Complete edge lists of the records whose edges were read. */
  const edgesOf = new Map<string, ScopeEdge[]>();
  const domainOf = (id: string, stored: string | null) => stored ?? input.info.get(id)?.domain ?? '';
  const readEdges = async (ids: Iterable<string>) => {
    const todo = new Set([...ids].filter((id) => !edgesOf.has(id)));
    todo.forEach((id) => edgesOf.set(id, []));
    for (const row of await records.edgesTouching(m, [...todo])) {
      const edge: ScopeEdge = {
        a: row.a,
        b: row.b,
        score: row.score,
        kind: row.kind,
        domainA: domainOf(row.a, row.domainA),
        domainB: domainOf(row.b, row.domainB),
      };
      if (todo.has(edge.a)) edgesOf.get(edge.a)!.push(edge);
      if (todo.has(edge.b)) edgesOf.get(edge.b)!.push(edge);
    }
  };
  // Each record's best-match state over all its edges (clustering/best-match.ts), from the edge
  // lists read so far: `reach` reads what each needs first (its own, 1 or 2 hops of neighbours).
  const usable = (id: string) => edgesOf.get(id)!.filter((e) => e.kind === 'auto' && usableEdge(e, config));
  const other = (e: ScopeEdge, id: string) => (e.a === id ? e.b : e.a);
  const selection = selectionOf(config);
  const bestCache = new Map<string, number | undefined>();
  const best = (id: string) => {
    if (!edgesOf.has(id)) return undefined;
    if (!bestCache.has(id)) bestCache.set(id, bestScores(edgesOf.get(id)!, config).get(id));
    return bestCache.get(id);
  };
  const takenCache = new Map<string, boolean>();
  const taken = (id: string): boolean => {
    if (!takenCache.has(id)) takenCache.set(id, isTaken(id, usable(id), best, selection.margin));
    return takenCache.get(id)!;
  };
  const second = (id: string) => secondBest(id, usable(id), taken);
  /** Hops of neighbours whose edge lists the state of a record needs: best 0, taken 1, second 2. */
  const depth = config.clustering.bestMatchOnly ? 2 * (selection.rounds - 1) : -1;
  const reach = async (ids: Iterable<string>) => {
    let layer = [...new Set(ids)];
    await readEdges(layer);
    for (let hop = 0; hop < depth; hop++) {
      layer = [...new Set(layer.flatMap((id) => usable(id).map((e) => other(e, id))))];
      await readEdges(layer);
    }
  };
  const stateOf = (ids: Iterable<string>) => {
    const state = {
      best: new Map<string, number>(),
      taken: new Set<string>(),
      second: new Map<string, number>(),
    };
    for (const id of ids) {
      const score = best(id);
      if (score !== undefined) state.best.set(id, score);
      if (selection.rounds < 2) continue;
      if (taken(id)) state.taken.add(id);
      const score2 = second(id);
      if (score2 !== undefined) state.second.set(id, score2);
    }
    return state;
  };

  for (const r of await records.loadRefs(m, input.seeds)) rows.set(r.recordId, r);
  // A safety net for dedupe configs without best_match_only, whose kept edges can still chain far.
  const cap = MAX_COMPONENT_RECORDS + 8 * input.seeds.length;
  let frontier = [...input.seeds];
  let newGoldens = [...new Set([...input.seedGoldens, ...[...rows.values()].map((r) => r.goldenId)])];
  while (frontier.length > 0 || newGoldens.length > 0) {
    newGoldens.forEach((g) => goldens.add(g));
    for (const member of await records.memberRefs(m, newGoldens)) {
      rows.set(member.recordId, member);
      if (!nodes.has(member.recordId)) {
        nodes.add(member.recordId);
        frontier.push(member.recordId);
      }
    }
    newGoldens = [];
    if (nodes.size > cap) {
      logger.warn(
        `${config.entityType}: component of ${input.seeds.length} record(s) reached ${nodes.size} records: ` +
          'not following further links (consider best_match_only or a stricter threshold)',
      );
      break;
    }
    await readEdges(frontier);
    const reached = frontier.flatMap((id) => edgesOf.get(id)!).filter((e) => usableEdge(e, config));
    const ends = reached.flatMap((e) => [e.a, e.b]);
    if (config.clustering.bestMatchOnly) await reach(ends);
    const scores = stateOf(ends);
    const next: string[] = [];
    for (const edge of reached) {
      if (!keptEdge(edge, scores, config)) continue;
      for (const id of [edge.a, edge.b]) {
        if (!nodes.has(id)) {
          nodes.add(id);
          next.push(id);
        }
      }
    }
    const loaded = await records.loadRefs(m, next);
    loaded.forEach((r) => rows.set(r.recordId, r));
    newGoldens = [...new Set(loaded.map((r) => r.goldenId))].filter((g) => !goldens.has(g));
    frontier = next;
  }
  await reach(nodes);
  const edges = new Map<string, EdgeLink>();
  for (const id of nodes) {
    for (const e of edgesOf.get(id)!) {
      if (nodes.has(e.a) && nodes.has(e.b))
        edges.set(`${e.a}:${e.b}`, { a: e.a, b: e.b, kind: e.kind, score: e.score });
    }
  }
  const state = stateOf(nodes);
  return {
    nodes,
    rows,
    goldens,
    edges: [...edges.values()],
    bestScores: state.best,
    ...(selection.rounds > 1 && { taken: state.taken, secondBest: state.second }),
  };
}

/**
 * The records within `hops` automatic edges of the given ones (them included). With two best-match
 * rounds an added or removed edge can change which records are taken up to one hop past its ends,
 * and so the round-2 bests, and with them the kept edges, of records two hops past them
 * (docs/resolution.md, "How far a change reaches"). Same-domain edges are followed too: a superset.
 */
export async function neighbourhood(
  m: EntityManager,
  records: ResolutionRepository,
  ids: readonly string[],
  hops: number,
): Promise<string[]> {
  const seen = new Set(ids);
  let layer = [...seen];
  for (let hop = 0; hop < hops && layer.length > 0; hop++) {
    const next: string[] = [];
    for (const e of await records.edgesTouching(m, layer)) {
      if (e.kind !== 'auto') continue;
      for (const id of [e.a, e.b]) {
        if (!seen.has(id)) {
          seen.add(id);
          next.push(id);
        }
      }
    }
    layer = next;
  }
  return [...seen];
}
