import { Logger } from '@nestjs/common';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { withCorrelationId } from '../../platform/logging/correlation';
import { DomainException } from '../../platform/common/errors/domain.exception';
import { ChangeEvent, EventResult } from './change-event.dto';
import { EVENT_LIMITS } from './change-event.rules';
import { ChangeEventValidator } from './change-event.validator';
import { backoffDelay, sleep } from '../../platform/common/backoff';
import { DeadLetter, DeadLetterPublisher } from './dead-letter';
import { deadLetterDecision } from './dead-letter.mapper';
import { IngestionMetrics, UNKNOWN_ENTITY_TYPE_LABEL } from './ingestion-metrics';
import { IngestCombiner } from './ingest-combiner';
import { InvalidEventException } from './invalid-event.exception';

/** Thrown inside a chunk when the consumer is stopping or lost the partition: nothing is committed. */
class StopRequested extends Error {}

type Heartbeat = () => Promise<void>;
type Live = () => boolean;

interface Item {
  message: KafkaMessage;
  event: ChangeEvent;
}

export interface ChangeBatchDeps {
  /** IngestionService.ingest, through the consumer's IngestCombiner (group commit). */
  ingest: IngestCombiner;
  validator: ChangeEventValidator;
  deadLetters: DeadLetterPublisher;
  metrics: IngestionMetrics;
  /** Aborted on shutdown: cuts backoff waits short. */
  signal: AbortSignal;
}

const HEARTBEAT_EVERY_MS = 2000;

/**
 * The `eachBatch` of the change-event consumer, chunk by chunk (at most 1,000 messages, ingested in
 * one transaction, possibly together with other partitions' chunks: IngestCombiner):
 * 1. validate every message; invalid ones become dead letters;
 * 2. publish the dead letters, acknowledged by all in-sync replicas;
 * 3. ingest the valid events in one IngestionService call;
 * 4. only then resolve and commit the chunk's offsets, explicitly.
 * A transient failure (database or broker unreachable) is retried with capped exponential backoff,
 * heartbeating meanwhile, and is never dead-lettered or committed. A crash anywhere before step 4
 * means redelivery, which the idempotency ledger turns into `duplicate`s.
 */
export class ChangeBatchProcessor {
  private readonly logger = new Logger('IngestionConsumer');

  private window = { since: Date.now(), messages: 0, busyMs: 0 };

  constructor(private readonly d: ChangeBatchDeps) {}

  /** One log line per 10 s of activity (not one per chunk): messages taken and the rate. */
  private progress(messages: number, ms: number): void {
    const w = this.window;
    if (w.messages === 0) w.since = Date.now() - ms; // the window opens with the first chunk, not while idle
    w.messages += messages;
    w.busyMs += ms;
    const elapsed = Date.now() - w.since;
    if (elapsed < 10_000) return;
    const rate = (n: number, per: number): number => Math.round((n * 1000) / Math.max(per, 1));
    this.logger.log(
      `${w.messages} messages in the last ${(elapsed / 1000).toFixed(0)} s (${rate(w.messages, elapsed)}/s; ${rate(w.messages, w.busyMs)}/s while busy)`,
    );
    this.window = { since: Date.now(), messages: 0, busyMs: 0 };
  }

  /** One batch of one partition; every line it logs carries the batch's correlation id. */
  handle(payload: EachBatchPayload): Promise<void> {
    return withCorrelationId(randomUUID(), () => this.handleBatch(payload));
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const {
      batch,
      resolveOffset,
      heartbeat,
      commitOffsetsIfNecessary,
      uncommittedOffsets,
      isRunning,
      isStale,
    } = payload;
    const live: Live = () => isRunning() && !isStale() && !this.d.signal.aborted;
    for (let start = 0; start < batch.messages.length; start += EVENT_LIMITS.maxBatchEvents) {
      if (!live()) return;
      const chunk = batch.messages.slice(start, start + EVENT_LIMITS.maxBatchEvents);
      const began = Date.now();
      try {
        await this.processChunk(batch.topic, batch.partition, chunk, heartbeat, live);
      } catch (e) {
        if (e instanceof StopRequested) return;
        throw e; // a Kafka error (rebalance during heartbeat): kafkajs rejoins; this chunk is redelivered
      }
      resolveOffset(chunk[chunk.length - 1].offset);
      await commitOffsetsIfNecessary(uncommittedOffsets());
      this.logger.debug(
        `${batch.topic}[${batch.partition}] offsets ${chunk[0].offset}-${chunk[chunk.length - 1].offset} committed after ${Date.now() - began} ms`,
      );
      this.progress(chunk.length, Date.now() - began);
      await heartbeat();
    }
  }

  /**
   * Messages of one partition read outside the consumer group (the backfill mode, kafka-backfill.ts),
   * in offset order: each chunk goes through the same steps as a batch's (validation, dead letters,
   * ingestion with its retries and poison narrowing), without offsets or heartbeats: the caller commits
   * once all of them are done. Throws when the consumer is stopping (nothing may be committed then).
   */
  async processMessages(topic: string, partition: number, messages: KafkaMessage[]): Promise<void> {
    const live: Live = () => !this.d.signal.aborted;
    const heartbeat: Heartbeat = () => Promise.resolve();
    for (let start = 0; start < messages.length; start += EVENT_LIMITS.maxBatchEvents) {
      const chunk = messages.slice(start, start + EVENT_LIMITS.maxBatchEvents);
      const began = Date.now();
      await this.processChunk(topic, partition, chunk, heartbeat, live);
      this.progress(chunk.length, Date.now() - began);
    }
  }

  private async processChunk(
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    heartbeat: Heartbeat,
    live: Live,
  ): Promise<void> {
    const letters: DeadLetter[] = [];
    const items: Item[] = [];
    for (const message of messages) {
      const v = this.d.validator.validateMessage(message.value);
      if (v.ok) items.push({ message, event: v.event });
      else letters.push(this.letter(topic, partition, message, v.error));
    }
    await this.publish(letters, heartbeat, live);
    await this.ingest(topic, partition, items, heartbeat, live);
  }

  /**
   * Ingests in one call; a permanent failure is narrowed down by halves to the event(s) that cause it,
   * which are dead-lettered as PROCESSING_FAILED, so one poison event cannot block a partition.
   */
  private async ingest(
    topic: string,
    partition: number,
    items: Item[],
    heartbeat: Heartbeat,
    live: Live,
  ): Promise<void> {
    if (items.length === 0) return;
    let results: EventResult[] = [];
    const failure = await this.retryTransient(
      async () =>
        (results = await this.d.ingest.submit(
          items.map((i) => i.event),
          items.reduce((n, i) => n + (i.message.value?.length ?? 0), 0),
        )),
      heartbeat,
      live,
    );
    if (failure === null) {
      // An eventId reused with other content was not applied: the producer learns it from the DLQ.
      const conflicts = items
        .filter((_, i) => results[i]?.code === 'INGESTION.EVENT_ID_CONFLICT')
        .map((item) => {
          const error = new DomainException(
            'INGESTION.EVENT_ID_CONFLICT',
            `eventId ${item.event.eventId} was already taken by an event with different content`,
          );
          return this.letter(topic, partition, item.message, error, item.event.entityType);
        });
      await this.publish(conflicts, heartbeat, live);
      return;
    }
    if (items.length > 1) {
      const mid = Math.ceil(items.length / 2);
      await this.ingest(topic, partition, items.slice(0, mid), heartbeat, live);
      await this.ingest(topic, partition, items.slice(mid), heartbeat, live);
      return;
    }
    const item = items[0];
    this.logger.error(
      `${topic}[${partition}]@${item.message.offset} (${item.event.eventId}) failed: ${failure instanceof Error ? failure.message : JSON.stringify(failure)}`,
    );
    await this.publish(
      [this.letter(topic, partition, item.message, failure, item.event.entityType)],
      heartbeat,
      live,
    );
  }

  private letter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: unknown,
    entityType?: string,
  ): DeadLetter {
    const decision = deadLetterDecision(error);
    if (decision.action === 'retry')
      throw new Error(`a retryable error cannot be dead-lettered: ${decision.message}`);
    const label = entityType ?? (error instanceof InvalidEventException ? error.entityType : null);
    return {
      topic,
      partition,
      message,
      reason: decision.reason,
      detail: decision.message,
      entityType:
        label !== null && this.d.validator.isKnownEntityType(label) ? label : UNKNOWN_ENTITY_TYPE_LABEL,
    };
  }

  private async publish(letters: DeadLetter[], heartbeat: Heartbeat, live: Live): Promise<void> {
    if (letters.length === 0) return;
    // Any failure to write the DLQ is the broker's and is retried: the offsets stay uncommitted until it works.
    await this.retryTransient(
      () => this.d.deadLetters.publish(letters),
      heartbeat,
      live,
      () => true,
    );
    for (const l of letters) this.d.metrics.deadLettered(l.entityType, l.reason);
    const first = letters[0];
    this.logger.warn(
      `${letters.length} message(s) dead-lettered to ${this.d.deadLetters.topic}, e.g. offset ${first.message.offset}: ${first.reason}`,
    );
  }

  /** Runs `op` until it succeeds (null) or fails permanently (the error); waits out transient failures. */
  private async retryTransient(
    op: () => Promise<unknown>,
    heartbeat: Heartbeat,
    live: Live,
    transient = (e: unknown): boolean => deadLetterDecision(e).action === 'retry',
  ): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      if (!live()) throw new StopRequested();
      try {
        await whileHeartbeating(op, heartbeat);
        return null;
      } catch (e) {
        if (!transient(e)) return e ?? new Error('unknown failure');
        this.d.metrics.retried();
        const delay = backoffDelay(attempt);
        this.logger.warn(
          `transient failure (attempt ${attempt + 1}), retrying in ${delay} ms: ${e instanceof Error ? e.message : String(e)}`,
        );
        await this.wait(delay, heartbeat, live);
      }
    }
  }

  /** Sleeps in slices, heartbeating so the group keeps this member (and its partitions) while it waits. */
  private async wait(ms: number, heartbeat: Heartbeat, live: Live): Promise<void> {
    const until = Date.now() + ms;
    for (let left = ms; left > 0; left = until - Date.now()) {
      await sleep(Math.min(HEARTBEAT_EVERY_MS, left), this.d.signal);
      if (!live()) throw new StopRequested();
      await heartbeat();
    }
  }
}

/**
 * Runs `op` while heartbeating every 2 s, so one slow transaction (a large chunk under load) cannot
 * outlast the session timeout. A failed heartbeat (the group is rebalancing) is ignored here: the
 * commit or heartbeat after the chunk reports it to kafkajs.
 */
async function whileHeartbeating<T>(op: () => Promise<T>, heartbeat: Heartbeat): Promise<T> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), HEARTBEAT_EVERY_MS);
  try {
    return await op();
  } finally {
    clearInterval(timer);
  }
}
