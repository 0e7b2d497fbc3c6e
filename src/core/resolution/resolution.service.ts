import { Injectable, Logger, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { compareRecordIds } from '../../engine/clustering/record-id';
import type { MemberInfo } from '../../engine/resolution/golden-changes';
import { resolveComponent, type ChangeSet } from '../../engine/resolution/resolve-component';
import type { Decision, Matcher, PreparedRecord } from '../../engine';
import { GoldenCause } from '../events/golden-event';
import { GoldenOutboxRepository } from '../events/golden-outbox.repository';
import type { AppliedChange, RecordChangeHandler } from '../ingestion/record-change.handler';
import { MatcherRegistry } from '../matching/matcher-registry';
import { ResolutionMetrics } from './resolution-metrics';
import { LinkConstraintRepository } from './link-constraint.repository';
import { NewReviewItem, ReviewRepository } from './review.repository';
import { GoldenRepository, GoldenRow } from './golden.repository';
import { lockBucket } from './lock-buckets';
import { neighbourhood, traverseComponent } from './component-traversal';
import { scoreCandidates, type ReviewPair } from './candidate-scoring';
import { keyGrowth, pruneOverfullBlocks } from './skew-prune';
import { ResolutionRepository, ResolutionRow } from './resolution.repository';

/** What a recomputation starts from. */
interface ReclusterInput {
  seeds: string[];
  seedGoldens: Set<string>;
  /** Golden entities the component will likely hold besides the seeds' (locked before it is first read). */
  likelyGoldens?: Set<string>;
  deleted: string[];
  /** Fresh prepared forms and identities of records changed in this transaction. */
  prepared: Map<string, PreparedRecord>;
  info: Map<string, MemberInfo>;
  reviewPairs: ReviewPair[];
  cause: GoldenCause;
  /** False in a dry run (matcher diff): nothing it writes survives, so nothing is counted. */
  count?: boolean;
}

/**
 * Resolution on every applied change, inside the ingestion transaction (docs/resolution.md):
 * 1. write the records' blocking keys, then take row locks on their key buckets,
 * 2. fetch the candidates sharing a key, skipping blocks over the skew cap,
 * 3. score them with the engine, keeping match edges and review-band pairs (candidate-scoring.ts),
 * 4. recompute the clusters of the affected component from its edges and the stewards'
 *    constraints (order-independent),
 * 5. map clusters to golden ids by the id-survival rule; write memberships, survivorship and the
 *    golden events to the outbox.
 * Steward operations change edges or constraints and then run steps 4–5 (`recluster`).
 */
@Injectable()
export class ResolutionService implements RecordChangeHandler {
  private readonly logger = new Logger('Resolution');

  constructor(
    private readonly matchers: MatcherRegistry,
    private readonly records: ResolutionRepository,
    private readonly goldens: GoldenRepository,
    private readonly outbox: GoldenOutboxRepository,
    private readonly reviews: ReviewRepository,
    private readonly constraints: LinkConstraintRepository,
    @Optional() private readonly metrics?: ResolutionMetrics,
  ) {}

  async onRecordsChanged(
    manager: EntityManager,
    changes: AppliedChange[],
  ): Promise<Map<string, string | null>> {
    // The last change of a record in the batch is its state; earlier ones are already superseded.
    const latest = new Map<string, AppliedChange>();
    for (const change of changes) latest.set(change.recordId, change);
    const byType = new Map<string, AppliedChange[]>();
    for (const change of latest.values()) {
      if (!byType.has(change.entityType)) byType.set(change.entityType, []);
      byType.get(change.entityType)!.push(change);
    }
    const result = new Map<string, string | null>();
    for (const type of [...byType.keys()].sort()) {
      const timed = this.metrics?.startBatch(type);
      const assignment = await this.resolve(manager, this.matchers.get(type), byType.get(type)!);
      timed?.(byType.get(type)!.length);
      for (const change of byType.get(type)!)
        result.set(change.recordId, assignment.get(change.recordId) ?? null);
    }
    return result;
  }

  /**
   * Recomputes the entities of the given records from their current edges and constraints, after
   * a steward changed either. Returns each record's golden id.
   */
  async recluster(m: EntityManager, entityType: string, recordIds: string[]): Promise<Map<string, string>> {
    const matcher = this.matchers.get(entityType);
    const rows = await this.records.loadRefs(m, recordIds);
    const keys = await this.records.keysOf(m, recordIds);
    await this.lockKeys(m, entityType, [...keys.values()].flat());
    // A steward link turns an automatic edge into a steward one (and an unlink may restore it):
    // under two best-match rounds that reaches two edges further, as an added or removed edge does.
    const { bestMatchOnly, bestMatchRounds } = matcher.config.clustering;
    const reached =
      bestMatchOnly && bestMatchRounds > 1
        ? await this.records.loadRefs(m, await neighbourhood(m, this.records, recordIds, 2))
        : rows;
    return this.reclusterComponent(m, matcher, {
      seeds: rows.map((r) => r.recordId),
      seedGoldens: new Set(reached.map((r) => r.goldenId)),
      deleted: [],
      prepared: new Map(),
      info: new Map(),
      reviewPairs: [],
      cause: 'steward',
    });
  }

  /**
   * Re-evaluates records with `matcher` (which need not be the registry's): exactly what an upsert
   * of each record with its current attributes does, so a matcher change can be tried in a
   * transaction that is rolled back (`count: false`) or rolled out batch by batch. Changes of one
   * entity type only: `matcher`'s.
   */
  async reevaluate(
    m: EntityManager,
    matcher: Matcher,
    changes: AppliedChange[],
    options: { count?: boolean } = {},
  ): Promise<Map<string, string>> {
    return this.resolve(m, matcher, changes, options.count ?? true);
  }

  private async lockKeys(m: EntityManager, entityType: string, keys: Iterable<string>): Promise<void> {
    await this.records.lockBuckets(m, [...new Set([...keys].map((k) => lockBucket(entityType, k)))]);
  }

  private async resolve(
    m: EntityManager,
    matcher: Matcher,
    changes: AppliedChange[],
    count = true,
  ): Promise<Map<string, string>> {
    const entityType = matcher.config.entityType;
    const upserts = changes
      .filter((c) => c.op === 'upsert')
      .sort((x, y) => compareRecordIds(x.recordId, y.recordId));
    const deleted = changes.filter((c) => c.op === 'delete').map((c) => c.recordId);
    const changedIds = changes.map((c) => c.recordId);
    const prepared = new Map<string, PreparedRecord>(
      upserts.map((c) => [c.recordId, matcher.prepare(c.attributes ?? {})]),
    );
    const newKeys = new Map(
      upserts.map((c) => [c.recordId, matcher.blockingKeys(prepared.get(c.recordId)!)]),
    );

    const domains = new Map(upserts.map((c) => [c.recordId, c.domain]));
    // Records not resolved before (new ones) have no stored keys or automatic edges to replace.
    const before = await this.records.loadRefs(m, changedIds);
    const stored = new Set(before.map((r) => r.recordId));
    const storedIds = changedIds.filter((id) => stored.has(id));

    // 1. Keys, then locks on every bucket the old and new keys fall in. What the locks protect is
    // candidate visibility: of two transactions sharing a key, the second to take its bucket reads
    // the candidates (step 2) after the first committed, so it sees the first's keys and scores the
    // pair. Neither sees the other's keys before its commit, wherever they were written, so they
    // are written before the locks: the locked section, which two batches sharing a key (at 1M
    // stored, nearly every two) go through one after the other, is shorter by their B-tree inserts.
    const oldKeys = await this.records.keysOf(m, storedIds);
    await this.records.replaceKeys(
      m,
      entityType,
      storedIds,
      [...newKeys].flatMap(([recordId, keys]) =>
        keys.map((key) => ({ recordId, key, domain: domains.get(recordId)! })),
      ),
    );
    await this.lockKeys(m, entityType, [...[...newKeys.values()].flat(), ...[...oldKeys.values()].flat()]);
    const locked = count ? this.metrics?.startLocked(entityType) : undefined;

    // 2–3. Candidates, scores, edges.
    const growth = keyGrowth(oldKeys, newKeys);
    const { edges, reviewPairs, crossed, matchedGoldens } = await scoreCandidates(
      m,
      this.records,
      this.logger,
      matcher,
      {
        prepared,
        newKeys,
        domains,
        growth,
      },
    );
    const unlinked = await this.records.deleteEdges(
      m,
      upserts.map((c) => c.recordId).filter((id) => stored.has(id)),
      deleted.filter((id) => stored.has(id)),
    );
    await this.records.insertEdges(m, entityType, edges);
    if (count) this.metrics?.autoLinked(entityType, edges.length);
    // A block this transaction pushed past its cap no longer links its members (skew-prune.ts):
    // their entities are recomputed with the rest of the component.
    const pruned = await pruneOverfullBlocks(m, this.records, this.reviews, matcher, crossed);
    // Under best_match_only a record's kept edges depend on its best score, which a new or removed
    // edge changes even when that edge itself is not kept (its other end prefers another record).
    // So the far ends of every edge added or removed here are recomputed too, with their entities;
    // without this a batch that raised such a record's best left its older, now out-competed link
    // in place, and the partition depended on the batch boundaries (1,841 against 1,855 entities
    // on 3,000 generated products). Without best_match_only an unkept edge changes nothing.
    // With two best-match rounds the round-2 choices of records two hops past those ends change too.
    const { bestMatchOnly, bestMatchRounds } = matcher.config.clustering;
    const touched = bestMatchOnly ? [...unlinked, ...edges.flatMap((e) => [e.a, e.b])] : [];
    const ends = [...new Set([...pruned.flatMap((p) => [p.a, p.b]), ...touched])];
    const reach = bestMatchOnly && bestMatchRounds > 1 ? await neighbourhood(m, this.records, ends, 2) : ends;
    const reachedGoldens = (await this.records.loadRefs(m, reach)).map((r) => r.goldenId);

    const info = new Map<string, MemberInfo>(
      before.map((r) => [r.recordId, { domain: r.domain, sourceId: r.sourceId }]),
    );
    for (const c of upserts) info.set(c.recordId, { domain: c.domain, sourceId: c.sourceId });
    const assignment = await this.reclusterComponent(m, matcher, {
      seeds: upserts.map((c) => c.recordId),
      seedGoldens: new Set([...before.map((r) => r.goldenId), ...reachedGoldens]),
      likelyGoldens: matchedGoldens,
      deleted,
      prepared,
      info,
      reviewPairs,
      cause: upserts.length === 0 ? 'delete' : 'match',
      count,
    });
    locked?.();
    return assignment;
  }

  private async reclusterComponent(
    m: EntityManager,
    matcher: Matcher,
    input: ReclusterInput,
  ): Promise<Map<string, string>> {
    const entityType = matcher.config.entityType;
    // Lock the golden entities found, and read again until no new entity appears: the final read
    // happens under every lock it depends on, so a concurrent batch cannot move members under us.
    // The entities the component will almost surely hold (the seeds' and those their new match
    // edges reach) are locked before the first read, which then usually is the final one: a read
    // of the component is the largest part of a recomputation, and it used to be done twice.
    // Locking an entity the component turns out not to hold is harmless (it is only looked up).
    const locked = new Map<string, GoldenRow>();
    const lockNew = async (goldenIds: Iterable<string>): Promise<boolean> => {
      const unlocked = [...goldenIds].filter((g) => !locked.has(g));
      if (unlocked.length === 0) return false;
      for (const [id, row] of await this.goldens.lock(m, unlocked)) locked.set(id, row);
      return true;
    };
    await lockNew([...input.seedGoldens, ...(input.likelyGoldens ?? [])]);
    let component = await traverseComponent(m, this.records, this.logger, matcher, input);
    while (await lockNew(component.goldens))
      component = await traverseComponent(m, this.records, this.logger, matcher, input);
    const deleted = new Set(input.deleted);
    const nodes = [...component.nodes].filter((id) => !deleted.has(id));
    const records = [...new Set([...component.nodes, ...input.deleted])].flatMap((recordId) => {
      const known = input.info.get(recordId) ?? component.rows.get(recordId);
      if (!known) return []; // deleted before it was ever resolved
      const { domain, sourceId } = known;
      const goldenId = component.rows.get(recordId)?.goldenId;
      return [{ recordId, domain, sourceId, goldenId, deleted: deleted.has(recordId) }];
    });
    const changeSet = resolveComponent(
      {
        entityType,
        records,
        edges: component.edges,
        bestScores: component.bestScores,
        ...(component.taken && { taken: component.taken, secondBest: component.secondBest }),
        constraints: await this.constraints.activeTouching(m, nodes),
        goldens: new Map(
          [...locked].map(([id, g]) => [
            id,
            { version: g.version, createdAt: g.createdAt.getTime(), attributes: g.attributes },
          ]),
        ),
        survivors: await this.goldens.survivorMembers(m, nodes),
        seeds: input.seeds,
        reviewPairs: input.reviewPairs,
      },
      {
        ...matcher.config,
        cause: input.cause,
        now: new Date(),
        newId: () => randomUUID(),
        verdict: await this.verdicts(m, matcher, nodes, input.prepared),
      },
    );
    await this.writeChangeSet(m, { entityType, changeSet, input });
    return changeSet.assignment;
  }

  /**
   * The matcher's decision on any two records of the component, for the disagreement guard: from
   * their prepared forms, so it depends on the records only (never on the order they came in).
   */
  private async verdicts(
    m: EntityManager,
    matcher: Matcher,
    nodes: string[],
    fresh: Map<string, PreparedRecord>,
  ): Promise<((a: string, b: string) => Decision) | undefined> {
    if (matcher.config.clustering.maxDisagreement >= 1 || nodes.length < 3) return undefined;
    const prepared = new Map(fresh);
    const stored = nodes.filter((id) => !prepared.has(id));
    for (const row of await this.records.loadRecords(m, stored)) prepared.set(row.recordId, row.prepared);
    return (a, b) => {
      const pa = prepared.get(a);
      const pb = prepared.get(b);
      return pa && pb ? matcher.evidence(pa, pb) : 'review';
    };
  }

  /** Writes a change set: the only place resolution writes golden state, memberships and reviews. */
  private async writeChangeSet(
    m: EntityManager,
    {
      entityType,
      changeSet: out,
      input,
    }: { entityType: string; changeSet: ChangeSet<NewReviewItem['scored']>; input: ReclusterInput },
  ): Promise<void> {
    const created = new Set(out.created.map((c) => c.goldenId));
    const stateOf = new Map(out.updates.map((u) => [u.goldenId, u]));
    await this.goldens.insert(
      m,
      entityType,
      out.created.map((c) => ({
        goldenId: c.goldenId,
        splitFrom: c.splitFrom,
        version: stateOf.get(c.goldenId)?.version ?? 0,
        attributes: stateOf.get(c.goldenId)?.attributes ?? {},
        memberCount: stateOf.get(c.goldenId)?.memberCount ?? 0,
      })),
    );
    await this.records.deleteRecords(m, input.deleted);
    const rows: ResolutionRow[] = [];
    for (const [recordId, goldenId] of out.assignment) {
      const fresh = input.prepared.get(recordId);
      if (fresh) rows.push({ recordId, ...input.info.get(recordId)!, prepared: fresh, goldenId });
    }
    await this.records.upsertRecords(m, entityType, rows);
    await this.records.relinkRecords(
      m,
      out.relinked.filter((r) => !input.prepared.has(r.recordId)),
    );
    await this.goldens.moveMemberships(m, entityType, out.memberships, input.deleted);
    await this.goldens.update(
      m,
      out.updates.filter((u) => !created.has(u.goldenId)),
    );
    await this.outbox.append(m, out.events);

    // Review: uncertain pairs that did not end up together, and matches a constraint refused.
    // The records' open items describe a state that no longer holds. After a steward's action the
    // stewardship service re-opens those whose question still stands (LinkDecisionService.recluster).
    await this.reviews.supersedeOpen(m, [...input.seeds, ...input.deleted]);
    const refused = await this.records.edgeDetails(m, out.refused);
    const guardOf = new Map(out.refused.map((r) => [`${r.a}:${r.b}`, r.reason]));
    await this.reviews.open(m, entityType, [
      ...out.uncertain.map((p) => ({ ...p, reason: 'review_band' as const })),
      ...refused.map((e) => ({
        a: e.a,
        b: e.b,
        // The explanation names the guard that refused the link, for the steward.
        scored: { ...e, explanation: { ...e.explanation, guard: guardOf.get(`${e.a}:${e.b}`) } },
        reason: 'constraint_conflict' as const,
      })),
    ]);
    if (input.count !== false) {
      this.metrics?.written({
        entityType,
        reviewsOpened: { reviewBand: out.uncertain.length, constraintConflict: refused.length },
        refusedLinks: refused.length,
        events: out.events,
      });
    }
  }
}
