import {
  consumeMessages,
  createTopics,
  describeKafka,
  produceMessages,
  TestMessage,
  topicOffsets,
  uniqueGroupId,
  uniqueTopic,
} from '../support/kafka';

/**
 * The broker itself, before any Joinery code: a keyed produce/consume round trip through a consumer
 * group on a multi-partition topic. If this fails, every Kafka test after it would fail for reasons
 * that have nothing to do with Joinery (internal-topic RF, advertised listener, partitioner...).
 */
describeKafka('Kafka broker', (brokers) => {
  const keys = Array.from({ length: 10 }, (_, i) => `entity-${i}`);
  const perKey = 5;

  it('delivers 50 keyed messages over 3 partitions through a consumer group, in order per key', async () => {
    const topic = uniqueTopic('joinery-test.broker');
    await createTopics(brokers, [topic], 3);
    expect((await topicOffsets(brokers, topic)).map((p) => p.partition)).toEqual([0, 1, 2]);

    // Sequence-major, so the keys interleave: per-key order survives only if each key stays on one
    // partition and the broker keeps that partition's order.
    const sent: TestMessage[] = [];
    for (let seq = 0; seq < perKey; seq++) for (const key of keys) sent.push({ key, value: `${key}#${seq}` });
    expect(sent).toHaveLength(50);
    await produceMessages(brokers, topic, sent);

    // Exactly 50 records are stored: nothing lost or duplicated on the produce side.
    const offsets = await topicOffsets(brokers, topic);
    expect(offsets.reduce((n, p) => n + p.high - p.low, 0)).toBe(50);

    const received = await consumeMessages(brokers, topic, {
      groupId: uniqueGroupId('joinery-test.broker'),
      count: 50,
      timeoutMs: 30_000,
    });

    // The exact multiset of key/value pairs: no message lost, duplicated or altered.
    const pairs = (ms: Array<{ key: string | null; value: string | null }>): string[] =>
      ms.map((m) => `${m.key}=${m.value}`).sort();
    expect(received).toHaveLength(50);
    expect(pairs(received)).toEqual(pairs(sent));

    // Per key: arrival order is production order, and the key never left its partition.
    for (const key of keys) {
      const ofKey = received.filter((m) => m.key === key);
      expect(ofKey.map((m) => m.value)).toEqual(Array.from({ length: perKey }, (_, seq) => `${key}#${seq}`));
      expect(new Set(ofKey.map((m) => m.partition)).size).toBe(1);
    }
    // The keys really were spread out, or the ordering check above would prove nothing about partitions.
    expect(new Set(received.map((m) => m.partition)).size).toBeGreaterThan(1);
  });
});
