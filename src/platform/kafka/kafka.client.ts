import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Admin, ConfigResourceTypes, ITopicConfig, Kafka, logLevel, LogEntry } from 'kafkajs';
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
   * Creates missing topics (a name alone: the broker's default partitions and config) and waits for
   * their leaders. Under KRaft a consumer that subscribes to a topic before it exists fails even with
   * auto-create on, so every user of a topic calls this. A topic that exists keeps its settings; one
   * created elsewhere without the config asked for here (say, not compacted) is logged, not altered.
   * `signal` aborts a call stuck on an unreachable broker (the admin client is disconnected).
   */
  async ensureTopics(topics: Array<string | ITopicConfig>, signal?: AbortSignal): Promise<void> {
    if (!this.kafka) return;
    const specs = topics.map((t) => (typeof t === 'string' ? { topic: t } : t));
    const admin = this.kafka.admin();
    const abort = (): void => void admin.disconnect().catch(() => undefined);
    signal?.addEventListener('abort', abort, { once: true });
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((t) => !existing.has(t.topic));
      if (missing.length > 0) {
        await admin.createTopics({ waitForLeaders: true, topics: missing });
        this.logger.log(`created topic(s) ${missing.map((t) => t.topic).join(', ')}`);
      }
      await this.checkConfigs(
        admin,
        specs.filter((t) => existing.has(t.topic) && t.configEntries?.length),
      );
    } finally {
      signal?.removeEventListener('abort', abort);
      await admin.disconnect();
    }
  }

  private async checkConfigs(admin: Admin, specs: ITopicConfig[]): Promise<void> {
    if (specs.length === 0) return;
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: specs.map((t) => ({
        type: ConfigResourceTypes.TOPIC,
        name: t.topic,
        configNames: t.configEntries!.map((c) => c.name),
      })),
    });
    for (const spec of specs) {
      const actual = resources.find((r) => r.resourceName === spec.topic)?.configEntries ?? [];
      for (const wanted of spec.configEntries!) {
        const got = actual.find((c) => c.configName === wanted.name)?.configValue;
        if (got !== wanted.value)
          this.logger.warn(`topic ${spec.topic} has ${wanted.name}=${got}, expected ${wanted.value}`);
      }
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
