import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners, ProducerConfig, RecordMetadata } from 'kafkajs';

/**
 * Helpers for integration tests against the real broker that the global setup provides
 * (test/setup/kafka-broker.ts). Each test file uses its own topics and consumer groups
 * (uniqueTopic / uniqueGroupId), so files can run in parallel against one broker.
 */

/** The broker list from the global setup, or null when no broker could be had (Kafka tests are skipped). */
export function kafkaBrokers(): string[] | null {
  const brokers = (process.env.JOINERY_TEST_KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  return brokers.length > 0 ? brokers : null;
}

/**
 * `describe` when a broker is available, else `describe.skip` with the reason printed. The body gets the
 * broker list (empty when skipped: Jest still runs the body to collect the skipped tests).
 */
export function describeKafka(name: string, fn: (brokers: string[]) => void): void {
  const brokers = kafkaBrokers();
  if (brokers) {
    describe(name, () => fn(brokers));
    return;
  }
  const reason = process.env.JOINERY_TEST_KAFKA_SKIP_REASON || 'JOINERY_TEST_KAFKA_BROKERS is empty';
  // stderr, not console.warn: one line, without Jest's code frame around it.
  process.stderr.write(`Skipping "${name}": no Kafka broker (${reason})\n`);
  describe.skip(name, () => fn([]));
}

function uniqueName(prefix: string): string {
  return `${prefix}.${Date.now().toString(36)}.${randomBytes(4).toString('hex')}`;
}

/** A topic name no other test (or earlier run) uses. Legal topic characters only: [a-zA-Z0-9._-]. */
export function uniqueTopic(prefix: string): string {
  return uniqueName(prefix.replace(/[^a-zA-Z0-9._-]/g, '-'));
}

export function uniqueGroupId(prefix: string): string {
  return uniqueName(prefix);
}

function client(brokers: string[], clientId: string): Kafka {
  // ERROR, not INFO: kafkajs' INFO/WARN lines (group joins, retries on a fresh topic) would bury test output.
  return new Kafka({ clientId, brokers, logLevel: logLevel.ERROR });
}

/**
 * Creates the topics and waits until every partition has a leader. Subscribing before that fails under
 * KRaft, even with auto-create on. Throws if a topic already exists: a "unique" topic that exists means
 * two tests share it.
 */
export async function createTopics(brokers: string[], topics: string[], partitions = 1): Promise<void> {
  const admin = client(brokers, 'joinery-test-admin').admin();
  await admin.connect();
  try {
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
    });
    if (!created) throw new Error(`createTopics: one of ${topics.join(', ')} already exists`);
  } finally {
    await admin.disconnect();
  }
}

/** Per partition: the first offset still stored (low) and the next offset to be written (high). */
export async function topicOffsets(
  brokers: string[],
  topic: string,
): Promise<Array<{ partition: number; low: number; high: number }>> {
  const admin = client(brokers, 'joinery-test-admin').admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets
      .map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) }))
      .sort((a, b) => a.partition - b.partition);
  } finally {
    await admin.disconnect();
  }
}

export interface TestMessage {
  key: string;
  value: string;
  headers?: Record<string, string>;
}

/**
 * How tests produce: the default (Java-compatible murmur2) partitioner puts one key on one partition, as a
 * Java producer would. Idempotent, because kafkajs re-sends a whole broker request when one partition in
 * it fails (a topic just created may answer "not the leader" on some partitions for a moment), which
 * without sequence numbers duplicates the partitions that had succeeded: a test counting offsets then
 * waits forever.
 */
export const TEST_PRODUCER: ProducerConfig = {
  createPartitioner: Partitioners.DefaultPartitioner,
  idempotent: true,
  maxInFlightRequests: 1,
};

/**
 * Sends the messages in one request, in order, acknowledged by the broker (acks=all).
 */
export async function produceMessages(
  brokers: string[],
  topic: string,
  messages: TestMessage[],
): Promise<RecordMetadata[]> {
  const producer = client(brokers, 'joinery-test-producer').producer(TEST_PRODUCER);
  await producer.connect();
  try {
    return await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

export interface ConsumedMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Consumes `topic` from the beginning through the consumer group `groupId` until `count` messages have
 * arrived (rejects after `timeoutMs`), then disconnects. Returns every message received until the
 * disconnect, in arrival order, so a test can also see extra messages.
 */
export async function consumeMessages(
  brokers: string[],
  topic: string,
  opts: { groupId: string; count: number; timeoutMs?: number },
): Promise<ConsumedMessage[]> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const consumer = client(brokers, 'joinery-test-consumer').consumer({ groupId: opts.groupId });
  const received: ConsumedMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`got ${received.length} of ${opts.count} messages from ${topic} in ${timeoutMs} ms`),
          ),
        timeoutMs,
      );
      const fail = (error: unknown): void => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      // A crash that kafkajs will not retry would otherwise only surface as the timeout.
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) fail(payload.error);
      });
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
            received.push({
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? null,
              value: message.value?.toString() ?? null,
              headers,
            });
            if (received.length >= opts.count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(fail);
    });
    return received;
  } finally {
    await consumer.disconnect();
  }
}
