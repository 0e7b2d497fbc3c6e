import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { sleep } from '../../platform/common/backoff';
import { AppConfig } from '../../platform/config/app-config';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { BackfillRepository } from '../backfill/backfill.repository';
import { BackfillService } from '../backfill/backfill.service';
import { ChangeBatchProcessor } from './change-batch.processor';
import type { ChangeEvent, EventStatus } from './change-event.dto';
import { EVENT_LIMITS } from './change-event.rules';
import { ChangeEventValidator } from './change-event.validator';
import { IngestionMetrics } from './ingestion-metrics';

/** One partition's lag: from the group's committed offset (or the first stored one) to the high-water mark. */
interface Range {
  partition: number;
  from: number;
  to: number;
}

/** What the reader took from the lag. */
interface Taken {
  /** Per partition, the offset after the last message read: where the group's offsets go at the end. */
  next: Map<number, number>;
  /** The valid events of each entity type whose store was empty, per partition in offset order. */
  backfill: Map<string, Map<number, ChangeEvent[]>>;
  /**
   * Every other message, per partition in offset order, for the incremental path's steps: invalid ones
   * (dead letters), entity types whose store holds data, and eventIds seen before (a duplicate or a
   * conflict, which only the idempotency ledger can tell apart).
   */
  rest: Map<number, KafkaMessage[]>;
  messages: number;
  candidates: number;
}

/**
 * Joining the throwaway reader group and its first fetch may take a few seconds (the broker's initial
 * rebalance delay); after that, this long without a message ends the read (the partitions' last
 * offsets can be gaps: compaction, transaction markers). What was read is still complete per partition.
 */
const FIRST_MESSAGE_MS = 30_000;
const IDLE_MS = 5_000;

const elapsed = (since: bigint): string => (Number(process.hrtime.bigint() - since) / 1e9).toFixed(1);

/**
 * The consumer's backfill mode (docs/operations.md, "Backfill from Kafka"). Before the consumer joins
 * its group it measures the group's lag on the change topic; at KAFKA_BACKFILL_LAG or more, and with no
 * other member consuming, it reads the lag (at most KAFKA_BACKFILL_MAX_EVENTS messages) with a
 * throwaway group, backfills in bulk every entity type whose store was empty (BackfillService: the same
 * matcher and clustering, COPY, under every lock bucket), sends everything else through the batch
 * processor's steps (dead letters, ingestion), and only then commits the group's offsets to the end of
 * what it read. Any failure leaves the offsets where they were: the consumer then starts from them, and
 * what was applied already comes back as `duplicate`s (the backfill writes the idempotency ledger).
 */
@Injectable()
export class KafkaBackfill {
  private readonly logger = new Logger('IngestionConsumer');

  constructor(
    private readonly config: AppConfig,
    private readonly backfills: BackfillService,
    private readonly stores: BackfillRepository,
    private readonly transactions: TransactionRunner,
    private readonly validator: ChangeEventValidator,
    private readonly metrics: IngestionMetrics,
  ) {}

  /** Returns when the consumer may join its group; never throws (a failure is logged, and nothing was committed). */
  async run(kafka: Kafka, processor: ChangeBatchProcessor, signal: AbortSignal): Promise<void> {
    if (this.config.KAFKA_BACKFILL_LAG <= 0) return;
    const admin = kafka.admin();
    try {
      await admin.connect();
      const ranges = await this.lagToBackfill(admin);
      if (ranges && !signal.aborted) await this.backfill(kafka, admin, ranges, processor, signal);
    } catch (e) {
      if (signal.aborted) return;
      this.metrics.backfillMode('fallback');
      this.logger.error(
        `backfill mode failed (${e instanceof Error ? e.message : String(e)}); consuming incrementally from the committed offsets`,
      );
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** The partitions' ranges when the lag calls for a backfill, else null. */
  private async lagToBackfill(admin: Admin): Promise<Range[] | null> {
    const groupId = this.config.KAFKA_GROUP_ID;
    const topic = this.config.KAFKA_TOPIC_ENTITY_CHANGES;
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    const ranges = (await admin.fetchTopicOffsets(topic)).map((o) => {
      const [low, high] = [Number(o.low), Number(o.high)];
      // No commit yet (-1), or one below the retention's first offset: the consumer would start at the first one.
      const from = Math.min(Math.max(at.get(o.partition) ?? -1, low), high);
      return { partition: o.partition, from, to: high };
    });
    const lag = ranges.reduce((n, r) => n + r.to - r.from, 0);
    if (lag < this.config.KAFKA_BACKFILL_LAG) return null;
    // A member consuming now would apply the same messages and commit past them meanwhile; its lag is
    // its business (and the final commit would be refused while it is there).
    const { groups } = await admin.describeGroups([groupId]);
    const members = groups[0]?.members.length ?? 0;
    if (members > 0) {
      this.logger.log(
        `lag of ${lag} messages, but group ${groupId} has ${members} member(s) consuming: no backfill mode`,
      );
      return null;
    }
    this.logger.log(
      `lag of ${lag} messages on ${topic} (KAFKA_BACKFILL_LAG ${this.config.KAFKA_BACKFILL_LAG}): backfill mode, reading up to ${this.config.KAFKA_BACKFILL_MAX_EVENTS} of them`,
    );
    return ranges;
  }

  private async backfill(
    kafka: Kafka,
    admin: Admin,
    ranges: Range[],
    processor: ChangeBatchProcessor,
    signal: AbortSignal,
  ): Promise<void> {
    const started = process.hrtime.bigint();
    const topic = this.config.KAFKA_TOPIC_ENTITY_CHANGES;
    const taken = await this.read(kafka, admin, ranges, signal);
    const readSeconds = elapsed(started);
    if (taken.messages === 0)
      throw new Error(`no message of the lag could be read in ${FIRST_MESSAGE_MS / 1000} s`);
    if (taken.candidates === 0) {
      // Every entity type here has data already: the lag is the incremental path's, read from the group.
      this.logger.log(
        `backfill mode: no entity type with an empty store among the first ${taken.messages} messages; consuming incrementally`,
      );
      return;
    }
    const done: string[] = [];
    for (const [entityType, partitions] of [...taken.backfill].sort(([a], [b]) => a.localeCompare(b))) {
      taken.backfill.delete(entityType); // its events are the backfill's from here; freed with it
      const t = process.hrtime.bigint();
      const report = await this.backfills.backfill(entityType, interleave([...partitions.values()]), {
        batchSize: EVENT_LIMITS.maxBatchEvents,
      });
      for (const [status, n] of Object.entries(report.counts))
        if (n > 0) this.metrics.count(entityType, status as EventStatus, n);
      done.push(
        `${entityType} (${report.records} records, ${report.goldens} golden entities, ${elapsed(t)} s)`,
      );
    }
    if (signal.aborted) return;
    const t = process.hrtime.bigint();
    // Partitions side by side, as the consumer takes them (their chunks may share a transaction).
    await Promise.all(
      [...taken.rest].map(([partition, m]) => processor.processMessages(topic, partition, m)),
    );
    const rest = [...taken.rest.values()].reduce((n, m) => n + m.length, 0);
    const restSeconds = elapsed(t);
    const committing = process.hrtime.bigint();
    const commit = ranges
      .filter((r) => taken.next.get(r.partition)! > r.from)
      .map((r) => ({ partition: r.partition, offset: String(taken.next.get(r.partition)) }));
    // Refused while the group has a member: then it starts from the old offsets, and what was applied
    // here comes back as duplicates.
    if (commit.length > 0)
      await admin.setOffsets({ groupId: this.config.KAFKA_GROUP_ID, topic, partitions: commit });
    this.metrics.backfillMode('completed');
    this.logger.log(
      `backfill mode done in ${elapsed(started)} s: read ${taken.messages} messages (${readSeconds} s); backfilled ${done.join(', ')}; ` +
        `${rest} other messages through the incremental steps (${restSeconds} s); offsets committed (${elapsed(committing)} s), consuming incrementally from there`,
    );
  }

  /** Reads the ranges (at most KAFKA_BACKFILL_MAX_EVENTS messages) with a throwaway group that commits nothing. */
  private async read(kafka: Kafka, admin: Admin, ranges: Range[], signal: AbortSignal): Promise<Taken> {
    const topic = this.config.KAFKA_TOPIC_ENTITY_CHANGES;
    const cap = this.config.KAFKA_BACKFILL_MAX_EVENTS;
    const taken: Taken = {
      next: new Map(ranges.map((r) => [r.partition, r.from])),
      backfill: new Map(),
      rest: new Map(),
      messages: 0,
      candidates: 0,
    };
    const end = new Map(ranges.map((r) => [r.partition, r.to]));
    const empty = new Map<string, Promise<boolean>>();
    const seen = new Set<string>();
    // Nothing to backfill in the first chunk's worth: the lag is not an initial load, stop reading.
    const pointless = (): boolean => taken.candidates === 0 && taken.messages >= EVENT_LIMITS.maxBatchEvents;
    const done = (): boolean =>
      taken.messages >= cap || pointless() || ranges.every((r) => taken.next.get(r.partition)! >= r.to);
    if (done()) return taken;

    const groupId = `${this.config.KAFKA_GROUP_ID}.backfill.${randomUUID()}`;
    const reader = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
    let quietUntil = Date.now() + FIRST_MESSAGE_MS;
    try {
      await reader.connect();
      await reader.subscribe({ topics: [topic], fromBeginning: true });
      await reader.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const p = batch.partition;
          for (const message of batch.messages) {
            const offset = Number(message.offset);
            // Before the seek took effect, or past the lag as measured: not this read's.
            if (done() || offset < taken.next.get(p)! || offset >= end.get(p)!) continue;
            await this.take(p, message, taken, empty, seen);
            taken.next.set(p, offset + 1);
            taken.messages++;
            quietUntil = Date.now() + IDLE_MS;
          }
        },
      });
      for (const r of ranges) reader.seek({ topic, partition: r.partition, offset: String(r.from) });
      while (!done() && !signal.aborted && Date.now() < quietUntil) await sleep(100, signal);
    } finally {
      await reader.disconnect().catch(() => undefined);
      // It never committed, so there is nothing of it to keep.
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    if (signal.aborted) throw new Error('the consumer is stopping');
    return taken;
  }

  private async take(
    partition: number,
    message: KafkaMessage,
    taken: Taken,
    empty: Map<string, Promise<boolean>>,
    seen: Set<string>,
  ): Promise<void> {
    const v = this.validator.validateMessage(message.value);
    if (v.ok && !seen.has(v.event.eventId)) {
      const type = v.event.entityType;
      seen.add(v.event.eventId);
      if (!empty.has(type)) empty.set(type, this.storeIsEmpty(type));
      if (await empty.get(type)) {
        let partitions = taken.backfill.get(type);
        if (!partitions) taken.backfill.set(type, (partitions = new Map<number, ChangeEvent[]>()));
        append(partitions, partition, v.event);
        taken.candidates++;
        return;
      }
    }
    append(taken.rest, partition, message);
  }

  /** Read once per entity type; BackfillService checks again under its locks, and refuses if it changed. */
  private async storeIsEmpty(entityType: string): Promise<boolean> {
    const c = await this.transactions.run((m) => this.stores.counts(m, entityType));
    return c.sourceRecords + c.resolutionRecords + c.goldens === 0;
  }
}

function append<T>(lists: Map<number, T[]>, key: number, item: T): void {
  const list = lists.get(key);
  if (list) list.push(item);
  else lists.set(key, [item]);
}

/**
 * The partitions' events one from each in turn, as consumption side by side would interleave them;
 * one record's events are on one partition, so they keep their order.
 */
function* interleave<T>(lists: T[][]): Generator<T> {
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) for (const list of lists) if (i < list.length) yield list[i];
}
