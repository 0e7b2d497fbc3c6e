import { startTestApp, TestApp } from '../support/app';
import { consumeMessages, createTopics, describeKafka, uniqueGroupId, uniqueTopic } from '../support/kafka';
import { patience, pollUntil } from '../support/poll';
import { committedOffsets, produceRaw, RawMessage } from '../ingestion/support/kafka-events';
import { budget, countOf, customerStream, drillEvents, MATCHERS_DIR, report } from './support';

const CI_EVENTS = 4000;
const MAX_EVENT_BYTES = 16_384;

/** The n-th poison message: a cycle through the ways a message can be unusable, and the reason expected. */
function poison(n: number, valid: RawMessage): { message: RawMessage; reason: string } {
  const event = JSON.parse(valid.value as string) as Record<string, unknown>;
  const json = (patch: (e: Record<string, unknown>) => void): string => {
    const e = { ...event, eventId: `poison-${n}` };
    patch(e);
    return JSON.stringify(e);
  };
  const key = `poison:customer:${n}`;
  const kinds: Array<[string, Buffer | string]> = [
    ['NOT_JSON', `{"eventId": "poison-${n}", `],
    ['INVALID_ENCODING', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ['EMPTY_MESSAGE', ''],
    ['NOT_AN_OBJECT', `[${n}]`],
    ['MISSING_FIELD', json((e) => delete e.sourceId)],
    ['UNKNOWN_ENTITY_TYPE', json((e) => (e.entityType = 'spaceship'))],
    ['EVENT_TOO_LARGE', json((e) => (e.attributes = { notes: 'x'.repeat(MAX_EVENT_BYTES) }))],
    ['NESTED_ATTRIBUTE', json((e) => (e.attributes = { address: { city: 'Paris' } }))],
    ['CONTROL_CHARACTERS', json((e) => (e.attributes = { family_name: 'Smi\u0000th' }))],
    ['INVALID_TIMESTAMP', json((e) => (e.occurredAt = 'yesterday'))],
  ];
  const [reason, value] = kinds[n % kinds.length];
  return { reason, message: { key, value } };
}

/**
 * Drill: a flood of poison messages mixed one for one with valid events. Every poison message goes
 * to the dead-letter topic with its reason, every valid event is applied, and the consumer commits
 * to the end of the topic: a bad message never blocks a partition.
 */
describeKafka('drill: poison flood', (brokers) => {
  const events = drillEvents(CI_EVENTS);
  const valid = customerStream(Math.round(events / 2 / 1.1), 17);
  const topic = uniqueTopic('joinery-drill.poison');
  const dlq = `${topic}.dlq`;
  const group = uniqueGroupId('joinery-drill.poison');
  let t: TestApp;

  beforeAll(async () => {
    await createTopics(brokers, [topic, dlq], 3);
    t = await startTestApp({
      MATCHERS_DIR,
      MAX_EVENT_BYTES: String(MAX_EVENT_BYTES),
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_ENTITY_CHANGES: topic,
      KAFKA_TOPIC_DLQ: dlq,
      KAFKA_TOPIC_GOLDEN_CHANGES: `${topic}.golden`,
      KAFKA_GROUP_ID: group,
    });
  });
  afterAll(() => t?.close());

  it(
    `dead-letters every poison message and applies every valid one (${valid.length * 2} messages)`,
    async () => {
      const started = Date.now();
      const mixed: RawMessage[] = [];
      const expected = new Map<string, number>();
      valid.forEach((m, i) => {
        const p = poison(i, m);
        expected.set(p.reason, (expected.get(p.reason) ?? 0) + 1);
        mixed.push(m, p.message);
      });
      await produceRaw(brokers, topic, mixed);
      await pollUntil(
        'every valid event',
        () => countOf(t.db.url, `SELECT count(*) FROM processed_events`),
        (n) => n === valid.length,
        budget(120_000, events, CI_EVENTS),
      );
      await pollUntil(
        'offsets committed to the end',
        () => committedOffsets(brokers, group, topic),
        (o) => o.reduce((a, b) => a + b, 0) === mixed.length,
        30_000,
      );
      const seconds = (Date.now() - started) / 1000;
      const letters = await consumeMessages(brokers, dlq, {
        groupId: uniqueGroupId('drill-dlq-reader'),
        count: valid.length,
        timeoutMs: 60_000,
      });
      const reasons = new Map<string, number>();
      for (const l of letters)
        reasons.set(l.headers['joinery-dlq-reason'], (reasons.get(l.headers['joinery-dlq-reason']) ?? 0) + 1);
      expect(letters).toHaveLength(valid.length);
      expect(Object.fromEntries(reasons)).toEqual(Object.fromEntries(expected));
      expect(new Set(letters.map((l) => l.key)).size).toBe(valid.length);
      expect(await countOf(t.db.url, `SELECT count(*) FROM source_record_history`)).toBe(
        await countOf(t.db.url, `SELECT count(*) FROM processed_events WHERE outcome = 'applied'`),
      );
      report('poison-flood', {
        messages: mixed.length,
        valid: valid.length,
        poison: valid.length,
        deadLettered: letters.length,
        reasons: Object.fromEntries(reasons),
        seconds: Number(seconds.toFixed(1)),
      });
    },
    patience(budget(240_000, drillEvents(CI_EVENTS), CI_EVENTS)),
  );
});
