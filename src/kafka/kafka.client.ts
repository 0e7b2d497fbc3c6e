import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Admin, Kafka, logLevel, LogEntry } from 'kafkajs';
import { AppConfig } from '../config/app-config';

/**
 * The process's one kafkajs client, or none when KAFKA_BROKERS is unset (REST-only mode).
 * Feature modules (ingestion consumer, golden-event relay) create their consumers and producers
 * from it; health uses its admin client.
 */
@Injectable()
export class KafkaClient implements OnApplicationShutdown {
  private readonly logger = new Logger('Kafka');
  readonly kafka: Kafka | null;
  private admin: Admin | null = null;

  constructor(config: AppConfig) {
    const brokers = config.kafkaBrokers;
    this.kafka = brokers
      ? new Kafka({
          clientId: config.KAFKA_CLIENT_ID,
          brokers,
          connectionTimeout: 3000,
          requestTimeout: 30000,
          retry: { initialRetryTime: 300, retries: 8 },
          logLevel: logLevel.WARN,
          logCreator: () => (entry: LogEntry) => this.log(entry),
        })
      : null;
  }

  get enabled(): boolean {
    return this.kafka !== null;
  }

  /** Readiness probe: a Metadata round trip to the cluster. */
  async ping(timeoutMs = 2000): Promise<boolean> {
    if (!this.kafka) return false;
    const kafka = this.kafka;
    try {
      const probe = async (): Promise<boolean> => {
        // No retries: a readiness probe must answer within its timeout, not after kafkajs's backoff.
        this.admin ??= kafka.admin({ retry: { retries: 0 } });
        await this.admin.connect();
        return (await this.admin.describeCluster()).brokers.length > 0;
      };
      return await Promise.race([
        probe(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
      ]);
    } catch {
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = null;
      return false;
    }
  }

  /**
   * Creates missing topics and waits for their leaders. Under KRaft a consumer that subscribes to
   * a topic before it exists fails even with auto-create on, so every user of a topic calls this.
   */
  async ensureTopics(topics: string[], numPartitions = 1): Promise<void> {
    if (!this.kafka) return;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(t));
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions })),
        });
      }
    } finally {
      await admin.disconnect();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }

  private log(entry: LogEntry): void {
    const message = `${entry.namespace}: ${entry.log.message}`;
    if (entry.level === logLevel.ERROR) this.logger.error(message);
    else if (entry.level === logLevel.WARN) this.logger.warn(message);
    else this.logger.debug(message);
  }
}
