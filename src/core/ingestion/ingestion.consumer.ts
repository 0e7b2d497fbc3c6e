import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { Consumer, Kafka, Partitioners, Producer } from 'kafkajs';
import { AppConfig } from '../../platform/config/app-config';
import { KafkaClient } from '../../platform/kafka/kafka.client';
import { backoffDelay, sleep } from '../../platform/common/backoff';
import { ChangeBatchProcessor } from './change-batch.processor';
import { ChangeEventValidator } from './change-event.validator';
import { DeadLetterPublisher } from './dead-letter';
import { IngestCombiner } from './ingest-combiner';
import { IngestionMetrics } from './ingestion-metrics';
import { INGESTION_OPTIONS, IngestionModuleOptions } from './ingestion.options';
import { IngestionService } from './ingestion.service';
import { KafkaBackfill } from './kafka-backfill';

/**
 * A dead member blocks a rebalance until its session times out, so a restarted instance waits this
 * long for its partitions. 10 s (the broker's minimum is 6 s) keeps a crash-restart short; the batch
 * loop heartbeats every 2 s while it works or waits, so a slow batch does not lose the session.
 */
const SESSION_TIMEOUT_MS = 10_000;
const HEARTBEAT_INTERVAL_MS = 3_000;
/**
 * Partitions hold different records, so their batches can be ingested side by side; row locks keep
 * any overlap correct. Two transactions at once keep a 2-core instance busy without starving REST of
 * pool connections.
 */
const TRANSACTIONS_CONCURRENTLY = 2;
/**
 * With group commit every partition of a fetch is taken at once (a waiting handler holds no
 * connection) so that their chunks can join one transaction; IngestCombiner bounds the transactions.
 * 32 covers the partitions one instance is assigned in practice; more would wait for the next fetch.
 */
const PARTITIONS_CONCURRENTLY_GROUP_COMMIT = 32;

/**
 * The Kafka edge of ingestion: consumes KAFKA_TOPIC_ENTITY_CHANGES in group KAFKA_GROUP_ID when
 * Kafka is configured. It starts in the background (the HTTP API serves while Kafka is unreachable),
 * restarts itself whenever kafkajs gives up, and on shutdown finishes and commits the chunk in flight
 * before leaving the group. The per-batch logic is ChangeBatchProcessor; a large lag at start is
 * backfilled in bulk first (KafkaBackfill, when KAFKA_BACKFILL_LAG is set).
 */
@Injectable()
export class IngestionConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('IngestionConsumer');
  private readonly stop = new AbortController();
  private consumer: Consumer | null = null;
  private producer: Producer | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly config: AppConfig,
    private readonly ingestion: IngestionService,
    private readonly validator: ChangeEventValidator,
    private readonly metrics: IngestionMetrics,
    private readonly backfill: KafkaBackfill,
    @Inject(INGESTION_OPTIONS) private readonly options: IngestionModuleOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.consumer || !this.kafka.kafka) return;
    this.running = this.startUntilRunning(this.kafka.kafka);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.running) return;
    this.stop.abort();
    // consumer.stop() waits for the batch in flight: ChangeBatchProcessor sees isRunning() turn false,
    // commits the chunk it is on and returns. Then leave the group and close the producer.
    // A start still in progress (e.g. retrying an unreachable broker) sees the abort and gives up by
    // itself; shutdown does not wait for it.
    await this.teardown();
    this.logger.log('Kafka consumer stopped');
  }

  private async startUntilRunning(kafka: Kafka): Promise<void> {
    for (let attempt = 0; !this.stop.signal.aborted; attempt++) {
      try {
        await this.start(kafka);
        return;
      } catch (e) {
        if (this.stop.signal.aborted) return;
        const delay = backoffDelay(attempt, 1000, 30_000);
        this.logger.error(
          `could not start the Kafka consumer (${e instanceof Error ? e.message : String(e)}); retrying in ${delay} ms`,
        );
        await this.teardown();
        await sleep(delay, this.stop.signal);
      }
    }
  }

  private async start(kafka: Kafka): Promise<void> {
    const topic = this.config.KAFKA_TOPIC_ENTITY_CHANGES;
    const dlq = this.config.KAFKA_TOPIC_DLQ;
    // KRaft brokers auto-create a topic on first fetch, racing the consumer's subscription; creating
    // it up front (a no-op when it exists, also when another instance wins the race) avoids that.
    await this.kafka.ensureTopics([topic, dlq], this.stop.signal);

    if (this.stop.signal.aborted) return;
    // Not idempotent: dead letters are at-least-once anyway (a crash before the offset commit re-sends
    // them), and an idempotent producer would want unlimited retries where the batch loop has its own.
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    this.producer = producer;
    await producer.connect();
    const groupCommit = this.config.KAFKA_GROUP_COMMIT;
    const processor = new ChangeBatchProcessor({
      ingest: new IngestCombiner(
        (events) => this.ingestion.ingest(events),
        TRANSACTIONS_CONCURRENTLY,
        groupCommit,
      ),
      validator: this.validator,
      deadLetters: new DeadLetterPublisher(producer, dlq),
      metrics: this.metrics,
      signal: this.stop.signal,
    });
    // A large lag (an initial load, a replay) is backfilled in bulk before the group is joined; the
    // group's offsets then start after it (or where they were, when it did not complete).
    await this.backfill.run(kafka, processor, this.stop.signal);
    if (this.stop.signal.aborted) return this.teardown();

    const consumer = kafka.consumer({
      groupId: this.config.KAFKA_GROUP_ID,
      sessionTimeout: SESSION_TIMEOUT_MS,
      heartbeatInterval: HEARTBEAT_INTERVAL_MS,
      // A stopping consumer waits for its fetch in flight; a short long-poll keeps shutdown quick.
      maxWaitTimeInMs: 1000,
    });
    this.consumer = consumer;
    // kafkajs restarts itself after a retriable crash; after any other crash it stays down, so this
    // brings up a fresh consumer (the uncommitted batch is simply redelivered).
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.stop.signal.aborted) return;
      this.logger.error(
        `Kafka consumer crashed without restart (${payload.error.message}); starting a new one`,
      );
      void this.restart(kafka);
    });
    if (this.stop.signal.aborted) return;
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    if (this.stop.signal.aborted) return this.teardown();
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: groupCommit
        ? PARTITIONS_CONCURRENTLY_GROUP_COMMIT
        : TRANSACTIONS_CONCURRENTLY,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => processor.handle(payload),
    });
    this.logger.log(
      `consuming ${topic} as group ${this.config.KAFKA_GROUP_ID}${groupCommit ? ' (group commit)' : ''}; dead letters to ${dlq}`,
    );
  }

  private async restart(kafka: Kafka): Promise<void> {
    await this.teardown();
    await sleep(backoffDelay(0, 1000), this.stop.signal);
    if (!this.stop.signal.aborted) this.running = this.startUntilRunning(kafka);
  }

  private async teardown(): Promise<void> {
    const { consumer, producer } = this;
    this.consumer = null;
    this.producer = null;
    await consumer?.disconnect().catch((e: unknown) => this.logger.warn(`consumer disconnect: ${String(e)}`));
    await producer?.disconnect().catch((e: unknown) => this.logger.warn(`producer disconnect: ${String(e)}`));
  }
}
