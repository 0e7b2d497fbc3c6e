import { Kafka, logLevel } from 'kafkajs';
import { TEST_PRODUCER } from '../../support/kafka';
import { EventBody } from './fixtures';

/** A message exactly as a producer would send it; `value` may be raw bytes (to test bad encodings). */
export interface RawMessage {
  key: string;
  value: Buffer | string | null;
  headers?: Record<string, string>;
  /** Sent to this partition instead of the key's. */
  partition?: number;
}

/** The contract's key: `domain:entityType:sourceId`. */
export function keyed(event: EventBody): RawMessage {
  return { key: `${event.domain}:${event.entityType}:${event.sourceId}`, value: JSON.stringify(event) };
}

/**
 * Produces in requests of `chunk` messages, acknowledged by all replicas, in order. (The shared
 * produceMessages helper takes string values only; some tests here need raw bytes and large volumes.)
 */
export async function produceRaw(
  brokers: string[],
  topic: string,
  messages: RawMessage[],
  chunk = 500,
): Promise<void> {
  const kafka = new Kafka({ clientId: 'joinery-test-ingestion', brokers, logLevel: logLevel.ERROR });
  const producer = kafka.producer(TEST_PRODUCER);
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += chunk) {
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + chunk) });
    }
  } finally {
    await producer.disconnect();
  }
}

/** The group's committed offset per partition (-1 when none), to check what a consumer committed. */
export async function committedOffsets(brokers: string[], groupId: string, topic: string): Promise<number[]> {
  const kafka = new Kafka({ clientId: 'joinery-test-admin', brokers, logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (offsets?.partitions ?? []).sort((a, b) => a.partition - b.partition).map((p) => Number(p.offset));
  } finally {
    await admin.disconnect();
  }
}

/** How many messages the group has committed on the topic, over all partitions. */
export async function committedTotal(brokers: string[], groupId: string, topic: string): Promise<number> {
  return (await committedOffsets(brokers, groupId, topic)).reduce((a, b) => a + Math.max(b, 0), 0);
}
