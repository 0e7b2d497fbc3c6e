import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Admin } from 'kafkajs';
import { Counter, Gauge } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { KafkaClient } from '../kafka/kafka.client';
import { MetricsRegistry } from './metrics.registry';

/** A scrape every few seconds must not cost two broker round trips each time. */
const CACHE_MS = 5000;

interface PartitionLag {
  partition: number;
  lag: number;
}

/**
 * Consumer lag per partition of the change-event topic, computed at scrape time: the topic's high
 * watermark minus the consumer group's committed offset (the whole partition when the group has
 * committed nothing). Committed offsets are what survives a crash, so this is the work a restarted
 * instance would still have to do. Cached for 5 s; a broker that cannot be reached leaves the
 * series empty (absent, not zero) and `joinery_consumer_lag_scrape_errors_total` counts it.
 */
@Injectable()
export class ConsumerLagCollector implements OnApplicationShutdown {
  private readonly logger = new Logger('ConsumerLag');
  private admin: Admin | null = null;
  private cached: { at: number; lags: PartitionLag[] } | null = null;
  private readonly errors: Counter;

  constructor(
    metrics: MetricsRegistry,
    private readonly kafka: KafkaClient,
    private readonly config: AppConfig,
  ) {
    const topic = config.KAFKA_TOPIC_ENTITY_CHANGES;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- prom-client calls collect() with the gauge as `this`
    const self = this;
    this.errors = new Counter({
      name: 'joinery_consumer_lag_scrape_errors_total',
      help: 'Scrapes that could not read the topic or group offsets from Kafka',
      registers: [metrics.registry],
    });
    if (!kafka.enabled) return;
    new Gauge({
      name: 'joinery_consumer_lag',
      help: `Messages of ${topic} not yet committed by consumer group ${config.KAFKA_GROUP_ID}, per partition`,
      labelNames: ['topic', 'partition'],
      registers: [metrics.registry],
      async collect() {
        this.reset();
        for (const { partition, lag } of await self.lags())
          this.set({ topic, partition: String(partition) }, lag);
      },
    });
  }

  async lags(): Promise<PartitionLag[]> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.lags;
    try {
      const lags = await this.read();
      this.cached = { at: Date.now(), lags };
      return lags;
    } catch (e) {
      this.errors.inc();
      this.logger.debug(`could not read consumer lag: ${e instanceof Error ? e.message : String(e)}`);
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = null;
      return [];
    }
  }

  private async read(): Promise<PartitionLag[]> {
    const kafka = this.kafka.kafka;
    if (!kafka) return [];
    const topic = this.config.KAFKA_TOPIC_ENTITY_CHANGES;
    if (!this.admin) {
      const admin = kafka.admin({ retry: { retries: 0 } });
      await admin.connect();
      this.admin = admin;
    }
    const [ends, groups] = await Promise.all([
      this.admin.fetchTopicOffsets(topic),
      this.admin.fetchOffsets({ groupId: this.config.KAFKA_GROUP_ID, topics: [topic] }),
    ]);
    const committed = new Map(
      (groups.find((g) => g.topic === topic)?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]),
    );
    return ends
      .map((end) => {
        const done = committed.get(end.partition) ?? -1;
        const from = done >= 0 ? done : Number(end.low);
        return { partition: end.partition, lag: Math.max(0, Number(end.high) - from) };
      })
      .sort((a, b) => a.partition - b.partition);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = null;
  }
}
