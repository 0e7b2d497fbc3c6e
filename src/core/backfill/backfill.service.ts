import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { ON_REQUEST, type RetryBudget } from '../../platform/database/retry-policy';
import type { Matcher } from '../../engine';
import { pairKey } from '../../engine/clustering/record-id';
import type { ComponentEdge, ReviewCandidate } from '../../engine/resolution/resolve-component';
import type { GoldenEvent } from '../events/golden-event';
import type { ChangeEvent, EventStatus } from '../ingestion/change-event.dto';
import { keyOf, SourceRecordRepository } from '../ingestion/source-record.repository';
import { MatcherRegistry } from '../matching/matcher-registry';
import type { EdgeRow } from '../resolution/resolution.repository';
import { ReviewRepository, type NewReviewItem } from '../resolution/review.repository';
import type { MembershipChange } from '../../engine/resolution/golden-changes';
import { passedAt } from './arrival-blocks';
import { historyRows, InputFolder, processedRows } from './backfill-input';
import {
  needsPrepared,
  resolveBackfillComponent,
  scoreBlock,
  type Scored,
  type ScoredMember,
} from './backfill-plan';
import {
  BackfillRepository,
  type ComponentRow,
  type GoldenInsert,
  type StagedRecord,
  type StoreCounts,
} from './backfill.repository';

/** The store already holds records of the entity type: a backfill only starts from empty. */
export class BackfillRefusedError extends Error {
  readonly code = 'BACKFILL.STORE_NOT_EMPTY';
  constructor(entityType: string, counts: StoreCounts) {
    super(
      `the store already holds ${entityType} data (${counts.sourceRecords} source records, ` +
        `${counts.resolutionRecords} resolved records, ${counts.goldens} golden entities): a backfill ` +
        `only loads an empty store; use \`npm run joinery -- load\` to add records to it`,
    );
  }
}

export interface BackfillOptions {
  /** The arrival batch the result must equal incremental ingestion with (the loader's --batch). */
  batchSize: number;
  /** Records folded before their rows are written and their states leave memory (default 10,000). */
  chunkRecords?: number;
}

export interface BackfillReport {
  counts: Record<Exclude<EventStatus, 'rejected'>, number>;
  /** Events refused because an earlier event took their eventId with other content. */
  conflicts: number;
  records: number;
  liveRecords: number;
  edges: number;
  pairsScored: number;
  cappedKeys: number;
  goldens: number;
  events: number;
  reviewItems: number;
  /**
   * Seconds per phase: fold (read, fold, prepare and COPY the source-record tables and keys as they
   * come), plan (block and score), write (cluster component by component, COPY the goldens).
   */
  seconds: { fold: number; plan: number; write: number };
  /** Seconds per step, summed over the chunks: each table's COPY, the reads back, the review items. */
  writeSteps: Record<string, number>;
}

const seconds = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e9;

/**
 * The events are consumed inside the transaction as they are read: it cannot be run again whole,
 * so a conflict or an outage fails the backfill (which leaves nothing behind).
 */
const ONCE: RetryBudget = { ...ON_REQUEST, conflictAttempts: 1, outageAttempts: 1 };
/** Rows (edges, goldens) gathered before they are copied. */
const WRITE_EVERY = 5_000;

/** Per-step timings, summed over the chunks. */
class Steps {
  readonly seconds: Record<string, number> = {};
  async run<T>(name: string, work: () => Promise<T>): Promise<T> {
    const t = process.hrtime.bigint();
    const result = await work();
    this.seconds[name] = (this.seconds[name] ?? 0) + seconds(t);
    return result;
  }
}

/** Growable columns of the match edges: record indexes (a < b) and scores. */
interface EdgeColumns {
  a: number[];
  b: number[];
  score: number[];
}

/** The index of record `id` in `ids` (ascending), or -1. */
function indexOf(ids: readonly number[], id: number): number {
  let [lo, hi] = [0, ids.length - 1];
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid] === id) return mid;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Backfill: an initial load of one entity type from an empty store, in bulk and in bounded memory
 * (docs/operations.md, "Backfill"). In one transaction: the events are folded into record states as
 * ingestion would apply them, a chunk at a time, and the source records, history, ledger, blocking
 * keys and a staging table of prepared forms are copied as they come; the blocks are read back key
 * by key and scored (match edges copied as found); then, holding every lock bucket, each connected
 * component of the edges is resolved by the resolution core and its golden entities, memberships
 * and events copied. What stays in memory per record is its id, its arrival batches and its
 * component; its key, eventIds and attributes only while its chunk is open.
 */
@Injectable()
export class BackfillService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly repository: BackfillRepository,
    private readonly sourceRecords: SourceRecordRepository,
    private readonly reviews: ReviewRepository,
    private readonly matchers: MatcherRegistry,
  ) {}

  async backfill(
    entityType: string,
    events: Iterable<ChangeEvent> | AsyncIterable<ChangeEvent>,
    options: BackfillOptions,
  ): Promise<BackfillReport> {
    const matcher = this.matchers.get(entityType);
    // Refused before any work when the store is not empty; checked again under the locks.
    await this.transactions.run((m) => this.assertEmpty(m, entityType, 0));
    return this.transactions.run((m) => this.run(m, matcher, entityType, events, options), ONCE);
  }

  private async assertEmpty(m: EntityManager, entityType: string, own: number): Promise<void> {
    const stored = await this.repository.counts(m, entityType);
    const counts = { ...stored, sourceRecords: stored.sourceRecords - own };
    if (counts.sourceRecords + counts.resolutionRecords + counts.goldens > 0)
      throw new BackfillRefusedError(entityType, counts);
  }

  private async run(
    m: EntityManager,
    matcher: Matcher,
    entityType: string,
    events: Iterable<ChangeEvent> | AsyncIterable<ChangeEvent>,
    { batchSize, chunkRecords = 10_000 }: BackfillOptions,
  ): Promise<BackfillReport> {
    const steps = new Steps();
    // Arrival batch b "happened" b ms after the backfill started: recency (survivorship) and age (the
    // id rule's older golden entity) order as they would have under incremental ingestion.
    const origin = Date.now();
    const batchTime = (batch: number): Date => new Date(origin + batch);
    let started = process.hrtime.bigint();
    await this.repository.createStaging(m);
    const folder = new InputFolder(entityType);
    // Every record's id, by index (ascending).
    const ids: number[] = [];
    let pending: ChangeEvent[] = [];
    const flush = async (): Promise<void> => {
      const chunk = folder.take();
      // Ids come from the sequence (never reused, as in ingestion), ascending in record order.
      const reserved = await this.repository.reserveRecordIds(m, chunk.created.length);
      chunk.created.forEach((r, i) => {
        r.state.recordId = reserved[i];
        ids[r.index] = Number(reserved[i]);
      });
      const staged: StagedRecord[] = [...chunk.created, ...chunk.changed]
        .filter((r) => !r.state.deleted)
        .map((r) => {
          const prepared = matcher.prepare(r.state.attributes);
          const keys = [...new Set(matcher.blockingKeys(prepared))];
          return {
            index: r.index,
            recordId: r.state.recordId,
            domain: r.domain,
            sourceId: r.sourceId,
            keys,
            prepared,
          };
        });
      await steps.run('rewrite', () => this.repository.unstage(m, entityType, chunk.changed, batchTime));
      await steps.run('source_records', () =>
        this.repository.copySourceRecords(m, entityType, chunk.created, batchTime),
      );
      await steps.run('source_record_history', () => this.repository.copyHistory(m, historyRows(chunk)));
      await steps.run('processed_events', () => this.repository.copyProcessed(m, processedRows(chunk)));
      await steps.run('staging', () => this.repository.copyStaged(m, staged));
      await steps.run('blocking_keys', () => this.repository.copyBlockingKeys(m, entityType, staged));
    };
    const addBatch = async (): Promise<void> => {
      // What earlier chunks wrote is in the store: their eventIds (duplicates, conflicts) and their
      // records (a record changed again comes back with its stored state first).
      const unknown = folder.unknownIn(pending);
      const earlier =
        unknown.eventIds.length > 0
          ? await steps.run('look_up', () => this.sourceRecords.findProcessed(m, unknown.eventIds))
          : new Map<string, string | null>();
      if (unknown.records.length > 0) {
        const parts = unknown.records.map((r) => ({ entityType, ...r }));
        const states = await steps.run('look_up', () => this.sourceRecords.lock(m, parts));
        for (const p of parts) {
          const state = states.get(keyOf(p));
          if (!state) continue;
          const index = indexOf(ids, Number(state.recordId));
          // Not one of ours: another writer stored records of the type meanwhile.
          if (index < 0) await this.assertEmpty(m, entityType, folder.given);
          folder.restore(p.domain, p.sourceId, state, index);
        }
      }
      folder.addBatch(pending, earlier);
      pending = [];
      if (folder.open >= chunkRecords) await flush();
    };
    for await (const event of events) {
      if (pending.length === batchSize) await addBatch();
      pending.push(event);
    }
    if (pending.length > 0 || folder.batches === 0) await addBatch();
    await flush();
    const fold = seconds(started);

    started = process.hrtime.bigint();
    const scored = await this.score(m, matcher, entityType, folder, steps);
    const plan = seconds(started);

    started = process.hrtime.bigint();
    await this.repository.lockAllBuckets(m);
    await this.assertEmpty(m, entityType, folder.records);
    const now = new Date(Math.max(Date.now(), origin + folder.batches));
    const written = await this.resolve(m, matcher, entityType, folder, ids, scored, now, batchTime, steps);
    return {
      counts: folder.counts,
      conflicts: folder.conflicts,
      records: folder.records,
      liveRecords: written.live,
      edges: scored.edges.a.length,
      pairsScored: scored.pairs,
      cappedKeys: scored.capped,
      goldens: written.goldens,
      events: written.events,
      reviewItems: written.reviewItems,
      seconds: { fold, plan, write: seconds(started) },
      writeSteps: steps.seconds,
    };
  }

  /** Blocks read back key by key, their pairs scored; match edges copied as they are found. */
  private async score(
    m: EntityManager,
    matcher: Matcher,
    entityType: string,
    folder: InputFolder,
    steps: Steps,
  ) {
    const { blocking } = matcher.config;
    const smallestCap = Math.min(blocking.maxBlockSize, ...blocking.rules.map((r) => r.maxBlockSize));
    const over = new Map<string, number>();
    const crowded = await steps.run('crowded_keys', () => this.repository.crowdedKeys(m, smallestCap));
    for (const { key, members } of crowded) {
      const passed = passedAt(
        matcher.maxBlockSize(key),
        members.map((i) => folder.batchOfRecord(i)),
      );
      if (passed !== undefined) over.set(key, passed);
    }
    const edges: EdgeColumns = { a: [], b: [], score: [] };
    const reviews: Array<{ a: number; b: number; pair: ReviewCandidate<Scored> }> = [];
    let rows: EdgeRow[] = [];
    let pairs = 0;
    const out = {
      edge: (row: EdgeRow, a: ScoredMember, b: ScoredMember) => {
        rows.push(row);
        edges.a.push(a.index);
        edges.b.push(b.index);
        edges.score.push(row.score);
      },
      review: (pair: ReviewCandidate<Scored>, a: ScoredMember, b: ScoredMember) =>
        reviews.push({ a: a.index, b: b.index, pair }),
    };
    let key: string | undefined;
    let block: ScoredMember[] = [];
    const close = () => {
      if (key !== undefined && block.length > 1) pairs += scoreBlock(matcher, key, block, over, out);
    };
    for await (const slice of this.repository.blockRows(m)) {
      for (const row of slice) {
        if (row.key !== key) {
          close();
          key = row.key;
          block = [];
        }
        block.push({
          index: row.idx,
          batch: folder.batchOfRecord(row.idx),
          keys: row.keys,
          recordId: row.record_id,
          domain: row.domain,
          prepared: row.prepared,
        });
      }
      if (rows.length >= WRITE_EVERY) {
        const copied = rows;
        rows = [];
        await steps.run('match_edges', () => this.repository.copyEdges(m, entityType, copied));
      }
    }
    close();
    await steps.run('match_edges', () => this.repository.copyEdges(m, entityType, rows));
    return { edges, reviews, pairs, capped: over.size };
  }

  /**
   * Resolves every connected component of the edges (the resolution core, one component at a time,
   * read back in component order) and writes what it gives: golden entities, memberships, the
   * outbox, the search queue, resolution records, review items.
   */
  private async resolve(
    m: EntityManager,
    matcher: Matcher,
    entityType: string,
    folder: InputFolder,
    ids: readonly number[],
    scored: Awaited<ReturnType<BackfillService['score']>>,
    now: Date,
    batchTime: (batch: number) => Date,
    steps: Steps,
  ) {
    const n = folder.records;
    const { edges } = scored;
    // Union-find over the edges: a component is named by its lowest record index.
    const parent = Int32Array.from({ length: n }, (_, i) => i);
    const find = (i: number): number => {
      while (parent[i] !== i) i = parent[i] = parent[parent[i]];
      return i;
    };
    for (let e = 0; e < edges.a.length; e++) {
      const [x, y] = [find(edges.a[e]), find(edges.b[e])];
      if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
    }
    const comp = Int32Array.from({ length: n }, (_, i) => find(i));
    const size = new Int32Array(n);
    for (const c of comp) size[c]++;
    function* componentRows(): Generator<readonly [number, number, boolean]> {
      for (let i = 0; i < n; i++) yield [i, comp[i], size[comp[i]] > 1];
    }
    await steps.run('components', () => this.repository.copyComponents(m, componentRows()));
    // Edges in component order, to hand each component its own.
    const order = Int32Array.from(edges.a.keys()).sort((x, y) => comp[edges.a[x]] - comp[edges.a[y]]);
    let nextEdge = 0;
    // Review pairs across two components stay apart whatever the clustering does.
    const within = new Map<number, Array<ReviewCandidate<Scored>>>();
    const items: NewReviewItem[] = [];
    for (const { a, b, pair } of scored.reviews) {
      if (comp[a] === comp[b]) within.set(comp[a], [...(within.get(comp[a]) ?? []), pair]);
      else items.push({ ...pair, reason: 'review_band' });
    }
    const refused: Array<{ a: string; b: string }> = [];

    let goldens: GoldenInsert[] = [];
    let memberships: Array<MembershipChange & { validFrom: Date }> = [];
    let events: GoldenEvent[] = [];
    let assignment: Array<{ index: number; goldenId: string; updatedAt: Date }> = [];
    const totals = { goldens: 0, events: 0, live: 0 };
    const write = async (): Promise<void> => {
      const [g, ms, es, as] = [goldens, memberships, events, assignment];
      [goldens, memberships, events, assignment] = [[], [], [], []];
      await steps.run('golden_entities', () => this.repository.copyGoldens(m, entityType, g));
      await steps.run('golden_memberships', () => this.repository.copyMemberships(m, entityType, ms));
      await steps.run('golden_outbox', () => this.repository.copyOutbox(m, es, now));
      await steps.run('assignment', () => this.repository.copyAssignment(m, as));
    };
    const resolveOne = (rows: ComponentRow[]): void => {
      const c = rows[0].comp;
      const own: ComponentEdge[] = [];
      while (nextEdge < order.length && comp[edges.a[order[nextEdge]]] === c) {
        const e = order[nextEdge++];
        own.push({
          a: String(ids[edges.a[e]]),
          b: String(ids[edges.b[e]]),
          score: edges.score[e],
          kind: 'auto',
        });
      }
      const members = rows.map((r) => ({
        recordId: r.record_id,
        domain: r.domain,
        sourceId: r.source_id,
        attributes: r.attributes,
        updatedAt: batchTime(folder.batchesOf(r.idx).updatedBatch).getTime(),
        prepared: r.prepared,
      }));
      const out = resolveBackfillComponent(matcher, members, own, within.get(c) ?? [], { entityType, now });
      const indexOf = new Map(rows.map((r) => [r.record_id, r.idx]));
      // A golden entity's age is its oldest member's (the lowest id, the lowest index).
      const oldest = new Map<string, number>();
      for (const [recordId, goldenId] of out.assignment) {
        const index = indexOf.get(recordId)!;
        oldest.set(goldenId, Math.min(oldest.get(goldenId) ?? index, index));
        assignment.push({ index, goldenId, updatedAt: batchTime(folder.batchOfRecord(index)) });
      }
      const state = new Map(out.updates.map((u) => [u.goldenId, u]));
      for (const created of out.created)
        goldens.push({
          ...state.get(created.goldenId)!,
          splitFrom: created.splitFrom,
          createdAt: batchTime(folder.batchesOf(oldest.get(created.goldenId)!).createdBatch),
        });
      for (const change of out.memberships) memberships.push({ ...change, validFrom: now });
      events.push(...out.events);
      items.push(...out.uncertain.map((p) => ({ ...p, reason: 'review_band' as const })));
      refused.push(...out.refused.map(({ a, b }) => ({ a, b })));
      totals.goldens += out.created.length;
      totals.events += out.events.length;
      totals.live += rows.length;
    };
    let group: ComponentRow[] = [];
    for await (const slice of this.repository.componentRows(m, needsPrepared(matcher))) {
      for (const row of slice) {
        if (group.length > 0 && group[0].comp !== row.comp) {
          resolveOne(group);
          group = [];
        }
        group.push(row);
      }
      if (goldens.length >= WRITE_EVERY) await write();
    }
    if (group.length > 0) resolveOne(group);
    await write();
    await steps.run('resolution_records', () => this.repository.insertResolutionRecords(m, entityType));
    const scoredRefusals = await this.repository.scoredEdges(m, refused);
    const byPair = new Map(scoredRefusals.map((e) => [pairKey(e.a, e.b), e]));
    for (const { a, b } of refused) {
      const { score, probability, explanation } = byPair.get(pairKey(a, b))!;
      items.push({ a, b, scored: { score, probability, explanation }, reason: 'constraint_conflict' });
    }
    await steps.run('review_items', () => this.reviews.open(m, entityType, items));
    return { ...totals, reviewItems: items.length };
  }
}
