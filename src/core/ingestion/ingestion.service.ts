import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainException } from '../../platform/common/errors/domain.exception';
import { ConcurrencyConflict } from '../../platform/database/retry-policy';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { ChangeEvent, EventResult } from './change-event.dto';
import { EVENT_LIMITS } from './change-event.rules';
import { ChangeEventValidator } from './change-event.validator';
import { IngestionMetrics, UNKNOWN_ENTITY_TYPE_LABEL } from './ingestion-metrics';
import { applyEvent, eventFingerprint, RecordState } from './record-state';
import { AppliedChange, RECORD_CHANGE_HANDLER, RecordChangeHandler } from './record-change.handler';
import {
  HistoryRow,
  keyOf,
  ProcessedRow,
  RecordKeyParts,
  SourceRecordRepository,
} from './source-record.repository';

/**
 * The one ingestion path. REST, Kafka and the bulk loader all end here: each call is ONE transaction
 * that takes the events in order, writes source records, history and the idempotency ledger, and
 * hands the applied changes to resolution (RecordChangeHandler) before committing.
 */
@Injectable()
export class IngestionService {
  private readonly logger = new Logger('IngestionService');

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly records: SourceRecordRepository,
    private readonly validator: ChangeEventValidator,
    private readonly metrics: IngestionMetrics,
    @Optional() @Inject(RECORD_CHANGE_HANDLER) private readonly handler: RecordChangeHandler | null = null,
  ) {}

  /**
   * Validated events, at most EVENT_LIMITS.maxBatchEvents. Returns one result per event, in order.
   * Throws DomainException COMMON.UNAVAILABLE when the database cannot be reached (retry later);
   * deadlocks and eventId races are retried by the TransactionRunner.
   */
  async ingest(events: ChangeEvent[]): Promise<EventResult[]> {
    if (events.length === 0) return [];
    if (events.length > EVENT_LIMITS.maxBatchEvents) {
      throw new DomainException(
        'INGESTION.BATCH_TOO_LARGE',
        `at most ${EVENT_LIMITS.maxBatchEvents} events per call`,
      );
    }
    const results = await this.transactions.run((manager) => this.ingestInTransaction(manager, events));
    events.forEach((e, i) => this.metrics.count(e.entityType, results[i].status));
    return results;
  }

  /**
   * Untrusted items (a REST request): each is validated on its own; invalid ones are `rejected` in
   * place and never fail the call, valid ones go through `ingest` together.
   */
  async ingestUntrusted(items: unknown[], pathPrefix = 'events'): Promise<EventResult[]> {
    const results: EventResult[] = new Array<EventResult>(items.length);
    const valid: ChangeEvent[] = [];
    const positions: number[] = [];
    items.forEach((item, i) => {
      const v = this.validator.validate(item, `${pathPrefix}[${i}]`);
      if (v.ok) {
        valid.push(v.event);
        positions.push(i);
        return;
      }
      const type = (item as { entityType?: unknown } | null)?.entityType;
      this.metrics.count(
        typeof type === 'string' && this.validator.isKnownEntityType(type) ? type : UNKNOWN_ENTITY_TYPE_LABEL,
        'rejected',
      );
      results[i] = {
        eventId: v.error.eventId,
        status: 'rejected',
        code: v.error.code,
        problems: v.error.problems.map(({ field, reason }) => ({ field, reason })),
      };
    });
    const applied = await this.ingestIsolating(valid);
    applied.forEach((r, j) => {
      const i = positions[j];
      if (r?.code === 'INGESTION.EVENT_ID_CONFLICT')
        r.problems = r.problems?.map((p) => ({ ...p, field: `${pathPrefix}[${i}].${p.field}` }));
      results[i] = r ?? {
        eventId: valid[j].eventId,
        status: 'rejected',
        code: 'INGESTION.PROCESSING_FAILED',
        problems: [{ field: `${pathPrefix}[${i}]`, reason: 'the event could not be processed' }],
      };
    });
    return results;
  }

  /**
   * `ingest`, but an unexpected failure (a bug, not bad input the validator knows) is narrowed down
   * by halves to the event(s) causing it, which come back as null: one event whose content cannot be
   * processed is rejected alone, never its whole batch (the Kafka consumer does the same).
   * Domain errors (the database is unavailable) still fail the call: retrying it is the answer.
   */
  private async ingestIsolating(events: ChangeEvent[]): Promise<Array<EventResult | null>> {
    try {
      return await this.ingest(events);
    } catch (e) {
      if (e instanceof DomainException) throw e;
      if (events.length === 1) {
        this.logger.error(
          `event ${events[0].eventId} could not be processed: ${(e as Error).stack ?? String(e)}`,
        );
        this.metrics.count(events[0].entityType, 'rejected');
        return [null];
      }
      const mid = Math.ceil(events.length / 2);
      return [
        ...(await this.ingestIsolating(events.slice(0, mid))),
        ...(await this.ingestIsolating(events.slice(mid))),
      ];
    }
  }

  private async ingestInTransaction(manager: EntityManager, events: ChangeEvent[]): Promise<EventResult[]> {
    await this.records.preferIndexScans(manager);
    // Known duplicates first, without locks: a replayed batch touches no record row at all.
    const known = await this.records.findProcessed(manager, unique(events.map((e) => e.eventId)));
    const candidates = events.filter((e) => !known.has(e.eventId));
    const keys = uniqueKeys(candidates);

    let states = new Map<string, RecordState>();
    let taken = known;
    if (keys.length > 0) {
      await this.records.insertMissing(manager, keys);
      states = await this.records.lock(manager, keys);
      // Again under the locks: a concurrent transaction may have taken some of these eventIds (for the
      // same records) between the first look and the lock.
      const late = await this.records.findProcessed(manager, unique(candidates.map((e) => e.eventId)));
      taken = new Map([...known, ...late]);
    }

    const results: EventResult[] = [];
    const changed = new Map<string, RecordState>();
    const history: HistoryRow[] = [];
    const processed: ProcessedRow[] = [];
    const changes: AppliedChange[] = [];
    for (const event of events) {
      const fingerprint = eventFingerprint(event);
      if (taken.has(event.eventId)) {
        const prior = taken.get(event.eventId);
        // Rows from before fingerprints were kept (null) cannot tell: they stay duplicates.
        results.push(
          prior && prior !== fingerprint
            ? eventIdConflict(event.eventId)
            : { eventId: event.eventId, status: 'duplicate' },
        );
        continue;
      }
      taken.set(event.eventId, fingerprint); // the same eventId twice in one batch: the second is a duplicate or a conflict
      const key = keyOf(event);
      const state = states.get(key);
      if (!state) throw new Error(`no locked row for ${key}`); // insertMissing guarantees one
      const { outcome, next } = applyEvent(state, event);
      results.push({ eventId: event.eventId, status: outcome });
      processed.push({ eventId: event.eventId, outcome, recordId: state.recordId, fingerprint });
      if (outcome === 'stale') continue;
      states.set(key, next);
      changed.set(key, next);
      if (outcome !== 'applied') continue;
      history.push({
        recordId: state.recordId,
        eventId: event.eventId,
        op: event.op,
        version: event.version,
        occurredAt: event.occurredAt,
        attributes: event.attributes,
        references: event.op === 'upsert' ? event.references : null,
      });
      changes.push({
        recordId: state.recordId,
        entityType: event.entityType,
        domain: event.domain,
        sourceId: event.sourceId,
        op: event.op,
        attributes: event.attributes,
        references: event.references,
        eventId: event.eventId,
        occurredAt: new Date(Number(event.occurredAtUs / 1000n)),
      });
    }

    const recorded = await this.records.writeChanges(manager, {
      states: [...changed.values()],
      placeholders: [...states.values()].filter((s) => !s.exists).map((s) => s.recordId),
      history,
      processed,
    });
    if (recorded !== processed.length)
      // Another transaction took one of our eventIds for a different record while we held our locks.
      throw new ConcurrencyConflict('an eventId of this batch was taken concurrently by another transaction');

    if (this.handler && changes.length > 0) {
      const golden = await this.handler.onRecordsChanged(manager, changes);
      const byEvent = new Map(changes.map((c) => [c.eventId, c.recordId]));
      for (const r of results) {
        const recordId = r.status === 'applied' && r.eventId ? byEvent.get(r.eventId) : undefined;
        if (recordId !== undefined && golden.has(recordId)) r.goldenId = golden.get(recordId) ?? null;
      }
    }
    return results;
  }
}

function eventIdConflict(eventId: string): EventResult {
  return {
    eventId,
    status: 'rejected',
    code: 'INGESTION.EVENT_ID_CONFLICT',
    problems: [
      { field: 'eventId', reason: 'this eventId was already taken by an event with different content' },
    ],
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function uniqueKeys(events: ChangeEvent[]): RecordKeyParts[] {
  const keys = new Map<string, RecordKeyParts>();
  for (const e of events)
    keys.set(keyOf(e), { entityType: e.entityType, domain: e.domain, sourceId: e.sourceId });
  return [...keys.values()];
}
