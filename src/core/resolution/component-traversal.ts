import type { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Matcher } from '../../engine';
import type { MemberInfo } from '../../engine/resolution/golden-changes';
import { bestScores, keptEdge, usableEdge, type ScopeEdge } from '../../engine/resolution/component-scope';
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
  const bestCache = new Map<string, number | undefined>();
  const best = (id: string) => {
    if (!edgesOf.has(id)) return undefined;
    if (!bestCache.has(id)) bestCache.set(id, bestScores(edgesOf.get(id)!, config).get(id));
    return bestCache.get(id);
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
    if (config.clustering.bestMatchOnly) await readEdges(reached.flatMap((e) => [e.a, e.b]));
    const scores = new Map<string, number>();
    for (const e of reached) for (const id of [e.a, e.b]) scores.set(id, best(id) ?? -Infinity);
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
  await readEdges(nodes);
  const edges = new Map<string, EdgeLink>();
  const bestOf = new Map<string, number>();
  for (const id of nodes) {
    const score = best(id);
    if (score !== undefined) bestOf.set(id, score);
    for (const e of edgesOf.get(id)!) {
      if (nodes.has(e.a) && nodes.has(e.b))
        edges.set(`${e.a}:${e.b}`, { a: e.a, b: e.b, kind: e.kind, score: e.score });
    }
  }
  return { nodes, rows, goldens, edges: [...edges.values()], bestScores: bestOf };
}
