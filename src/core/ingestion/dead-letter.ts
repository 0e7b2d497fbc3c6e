import type { IHeaders, KafkaMessage, Message, Producer } from 'kafkajs';
import { DeadLetterReason } from './dead-letter.mapper';

/**
 * The dead-letter topic (KAFKA_TOPIC_DLQ) contract: the original message exactly as it arrived (value
 * bytes, key, headers) plus these headers, so an operator can fix and replay it to the source topic.
 */
export const DLQ_HEADERS = {
  reason: 'joinery-dlq-reason',
  message: 'joinery-dlq-message',
  sourceTopic: 'joinery-dlq-source-topic',
  sourcePartition: 'joinery-dlq-source-partition',
  sourceOffset: 'joinery-dlq-source-offset',
  failedAt: 'joinery-dlq-failed-at',
} as const;

const MAX_MESSAGE_HEADER_CHARS = 2000;

export interface DeadLetter {
  topic: string;
  partition: number;
  message: KafkaMessage;
  reason: DeadLetterReason;
  detail: string;
  /** Metrics label: the event's entity type when it was a known one, else `unknown`. */
  entityType: string;
}

/** The DLQ message for one failed source message. */
export function deadLetterMessage(letter: DeadLetter, now = new Date()): Message {
  const { topic, partition, message } = letter;
  const headers: IHeaders = { ...(message.headers ?? {}) };
  headers[DLQ_HEADERS.reason] = letter.reason;
  headers[DLQ_HEADERS.message] = letter.detail.slice(0, MAX_MESSAGE_HEADER_CHARS);
  headers[DLQ_HEADERS.sourceTopic] = topic;
  headers[DLQ_HEADERS.sourcePartition] = String(partition);
  headers[DLQ_HEADERS.sourceOffset] = message.offset;
  headers[DLQ_HEADERS.failedAt] = now.toISOString();
  return {
    // Never a null key: a keyless original gets its coordinates, which are unique and say where it came from.
    key: message.key && message.key.length > 0 ? message.key : `${topic}:${partition}:${message.offset}`,
    value: message.value,
    headers,
  };
}

/** Writes dead letters and resolves only once every in-sync replica has them (acks = -1). */
export class DeadLetterPublisher {
  constructor(
    private readonly producer: Producer,
    readonly topic: string,
  ) {}

  async publish(letters: DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    const now = new Date();
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: letters.map((l) => deadLetterMessage(l, now)),
    });
  }
}
