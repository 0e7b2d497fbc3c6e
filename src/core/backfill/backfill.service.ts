import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import type { ChangeEvent, EventStatus } from '../ingestion/change-event.dto';
import { MatcherRegistry } from '../matching/matcher-registry';
import { ReviewRepository } from '../resolution/review.repository';
import { pairKey } from '../../engine/clustering/record-id';
import { assignIds, foldEvents, historyRows, processedRows, type FoldedInput } from './backfill-input';
import { planBackfill, type BackfillPlan } from './backfill-plan';
import { BackfillRepository, type StoreCounts } from './backfill.repository';

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
  /** Seconds per phase: fold, plan (prepare, block, score, cluster), write (COPY, one transaction). */
  seconds: { fold: number; plan: number; write: number };
  /** Seconds per step of the write: each table's COPY, then the review items. Statistics are left to autovacuum. */
  writeSteps: Record<string, number>;
}

const seconds = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e9;

/**
 * Backfill: an initial load of one entity type from an empty store, in bulk. The events are folded
 * into record states as ingestion would apply them, resolved in memory with the service's matcher and
 * resolution core, and written with one COPY per table in one transaction that holds every lock
 * bucket, so incremental resolution waits for it and then continues on its result
 * (docs/operations.md, "Backfill").
 */
@Injectable()
export class BackfillService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly repository: BackfillRepository,
    private readonly reviews: ReviewRepository,
    private readonly matchers: MatcherRegistry,
  ) {}

  async backfill(
    entityType: string,
    events: Iterable<ChangeEvent>,
    options: BackfillOptions,
  ): Promise<BackfillReport> {
    const matcher = this.matchers.get(entityType);
    // Refused before any work when the store is not empty; checked again under the locks.
    await this.transactions.run((m) => this.assertEmpty(m, entityType));
    let started = process.hrtime.bigint();
    const input = foldEvents(entityType, events, options.batchSize);
    const fold = seconds(started);

    started = process.hrtime.bigint();
    // Ids come from the sequence, outside the write transaction (ids are never reused, as in ingestion).
    assignIds(
      input,
      await this.transactions.run((m) => this.repository.reserveRecordIds(m, input.records.length)),
    );
    const now = new Date();
    // Arrival batch b "happened" b ms after the first: recency (survivorship) and age (the id rule's
    // older golden entity) order as they would have under incremental ingestion.
    const origin = now.getTime() - input.batches;
    const batchTime = (batch: number): Date => new Date(origin + batch);
    const plan = planBackfill(matcher, input, { now, batchTime: (b) => batchTime(b).getTime() });
    const planSeconds = seconds(started);

    started = process.hrtime.bigint();
    const { reviewItems, steps } = await this.transactions.run(async (m) => {
      await this.repository.lockAllBuckets(m);
      await this.assertEmpty(m, entityType);
      return this.write(m, input, plan, batchTime, now);
    });
    return {
      counts: input.counts,
      conflicts: input.conflicts,
      records: input.records.length,
      liveRecords: plan.live.length,
      edges: plan.edges.length,
      pairsScored: plan.pairsScored,
      cappedKeys: plan.cappedKeys,
      goldens: plan.changeSet.created.length,
      events: plan.changeSet.events.length,
      reviewItems,
      seconds: { fold, plan: planSeconds, write: seconds(started) },
      writeSteps: steps,
    };
  }

  private async assertEmpty(m: EntityManager, entityType: string): Promise<void> {
    const counts = await this.repository.counts(m, entityType);
    if (counts.sourceRecords + counts.resolutionRecords + counts.goldens > 0)
      throw new BackfillRefusedError(entityType, counts);
  }

  /** Writes what the incremental path would have written, table by table. Returns the review items opened. */
  private async write(
    m: EntityManager,
    input: FoldedInput,
    plan: BackfillPlan,
    batchTime: (batch: number) => Date,
    /** The backfill's time: records join their entities and the events are written now. */
    now: Date,
  ): Promise<{ reviewItems: number; steps: Record<string, number> }> {
    const steps: Record<string, number> = {};
    const step = async (name: string, work: () => Promise<unknown>): Promise<void> => {
      const t = process.hrtime.bigint();
      await work();
      steps[name] = seconds(t);
    };
    const type = input.entityType;
    const out = plan.changeSet;
    const record = new Map(input.records.map((r) => [r.state.recordId, r]));
    const at = (recordId: string, batch: 'createdBatch' | 'batch'): Date =>
      batchTime(record.get(recordId)![batch]);
    await step('source_records', () => this.repository.copySourceRecords(m, type, input.records, batchTime));
    await step('source_record_history', () => this.repository.copyHistory(m, historyRows(input)));
    await step('processed_events', () => this.repository.copyProcessed(m, processedRows(input)));
    await step('blocking_keys', () => this.repository.copyBlockingKeys(m, type, plan.live));
    await step('match_edges', () => this.repository.copyEdges(m, type, plan.edges));
    const state = new Map(out.updates.map((u) => [u.goldenId, u]));
    const members = new Map<string, string>();
    for (const [recordId, goldenId] of out.assignment)
      if (!members.has(goldenId) || Number(recordId) < Number(members.get(goldenId)))
        members.set(goldenId, recordId);
    await step('golden_entities', () =>
      this.repository.copyGoldens(
        m,
        type,
        out.created.map((c) => ({
          ...state.get(c.goldenId)!,
          splitFrom: c.splitFrom,
          createdAt: at(members.get(c.goldenId)!, 'createdBatch'),
        })),
      ),
    );
    await step('resolution_records', () =>
      this.repository.copyResolutionRecords(
        m,
        type,
        plan.live.map((r) => ({
          ...r,
          goldenId: out.assignment.get(r.recordId)!,
          updatedAt: at(r.recordId, 'batch'),
        })),
      ),
    );
    await step('golden_memberships', () =>
      this.repository.copyMemberships(
        m,
        type,
        out.memberships.map((c) => ({ ...c, validFrom: now })),
      ),
    );
    await step('golden_outbox', () => this.repository.copyOutbox(m, out.events, now));
    const edges = new Map(plan.edges.map((e) => [pairKey(e.a, e.b), e]));
    const items = [
      ...out.uncertain.map((p) => ({ ...p, reason: 'review_band' as const })),
      ...out.refused.map((r) => ({
        a: r.a,
        b: r.b,
        scored: edges.get(pairKey(r.a, r.b))!,
        reason: 'constraint_conflict' as const,
      })),
    ];
    await step('review_items', () => this.reviews.open(m, type, items));
    return { reviewItems: items.length, steps };
  }
}
