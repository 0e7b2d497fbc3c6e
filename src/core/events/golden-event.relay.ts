import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { Partitioners, Producer } from 'kafkajs';
import { EntityManager } from 'typeorm';
import { backoffDelay } from '../../platform/common/backoff';
import { AppConfig } from '../../platform/config/app-config';
import { GOLDEN_OUTBOX_CHANNEL, listenerUrl } from '../../platform/database/outbox-channel';
import { PgListener } from '../../platform/database/pg-listener';
import { KafkaClient } from '../../platform/kafka/kafka.client';
import { GoldenOutboxRepository, OutboxRow } from './golden-outbox.repository';
import { RelayLeaseRepository } from './relay-lease.repository';
import { xrefMessages } from './xref-change';
import { XrefTopicSeeder } from './xref-topic.seeder';

/** The poll while LISTEN is down; with it, the slow poll that backs up the notifications. */
const IDLE_MS = 50;
const IDLE_LISTENING_MS = 1000;
const LEASE_CHECK_MS = 5000;
const MAX_BACKOFF_MS = 5000;

/**
 * Publishes the golden-event outbox to Kafka, at least once and in order per golden id:
 * rows are read in id order, sent keyed by golden id with the broker's full acknowledgement
 * (acks = -1, one request in flight so a retry cannot reorder), and only then marked published.
 * A crash between send and mark re-sends those rows: subscribers deduplicate by (goldenId, version).
 * The same request carries each row's messages for the compacted xref topic (xref-change.ts), so
 * the crosswalk there moves exactly as the golden events do.
 */
@Injectable()
export class GoldenEventRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('GoldenEventRelay');
  private producer: Producer | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** A notification came since the last read of the outbox. */
  private notified = false;
  private listener: PgListener | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly kafka: KafkaClient,
    private readonly outbox: GoldenOutboxRepository,
    private readonly lease: RelayLeaseRepository,
    private readonly seeder: XrefTopicSeeder,
    @InjectEntityManager() private readonly manager: EntityManager,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.kafka.kafka) return;
    this.listener = new PgListener(listenerUrl(this.manager), GOLDEN_OUTBOX_CHANNEL, () => {
      this.notified = true;
      this.wake?.();
    });
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.stop();
    await this.producer?.disconnect().catch(() => undefined);
    await this.lease.release();
  }

  /** Any failure (database or broker) gives up the lease and producer, and retries after the common backoff. */
  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (!(await this.lease.tryAcquire())) {
          await this.sleep(2000);
          continue;
        }
        await this.publishWhileLeader();
        failures = 0;
      } catch (e) {
        const delay = backoffDelay(failures++, 200, MAX_BACKOFF_MS);
        this.logger.warn(
          `relay error, retrying in ${delay} ms: ${e instanceof Error ? e.message : String(e)}`,
        );
        await this.lease.release();
        await this.producer?.disconnect().catch(() => undefined);
        this.producer = null;
        await this.sleep(delay);
      }
    }
  }

  private async publishWhileLeader(): Promise<void> {
    const topic = this.config.KAFKA_TOPIC_GOLDEN_CHANGES;
    const xrefTopic = this.config.KAFKA_TOPIC_XREF;
    await this.kafka.ensureTopics([
      { topic, numPartitions: 1 },
      // Compacted: the topic keeps the last message per key, the crosswalk, and drops a tombstone's key.
      { topic: xrefTopic, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
    ]);
    if (!this.producer) {
      this.producer = this.kafka.kafka!.producer({
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // murmur2, as Java producers use: one golden id always lands on the same partition.
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await this.producer.connect();
    }
    // As the leader and before any outbox row: nothing else writes the topic meanwhile.
    await this.seeder.seedIfNeeded(this.producer, xrefTopic);
    let leaseChecked = Date.now();
    while (this.running) {
      await this.listener?.ensure();
      this.notified = false;
      const rows = await this.outbox.unpublished(this.manager, this.config.GOLDEN_RELAY_BATCH_SIZE);
      if (rows.length === 0) {
        // Re-check the lease now and then: a lost session means another instance may lead now.
        if (Date.now() - leaseChecked > LEASE_CHECK_MS) {
          leaseChecked = Date.now();
          if (!(await this.lease.stillHeld())) throw new Error('relay lease lost');
        }
        // Woken by the next commit that appends events; a notification during the read: read again.
        if (!this.notified) await this.sleep(this.listener?.listening ? IDLE_LISTENING_MS : IDLE_MS);
        continue;
      }
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [
          {
            topic,
            messages: rows.map((r) => ({
              key: r.goldenId,
              value: JSON.stringify(r.payload),
              headers: { 'joinery-event-type': r.eventType, 'joinery-version': String(r.version) },
            })),
          },
          { topic: xrefTopic, messages: rows.flatMap(xrefRecords) },
        ].filter((t) => t.messages.length > 0),
      });
      await this.outbox.markPublished(
        this.manager,
        rows.map((r) => r.id),
      );
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }
}

/** A row's xref messages as Kafka records: JSON values, a null value for a tombstone. */
function xrefRecords(r: OutboxRow): Array<{ key: string; value: string | null }> {
  return xrefMessages({ ...r, entityType: r.payload.entityType }, r.xref).map((m) => ({
    key: m.key,
    value: m.value === null ? null : JSON.stringify(m.value),
  }));
}
