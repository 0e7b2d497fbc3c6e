import { startTestApp, TestApp } from '../support/app';
import { consumeMessages, createTopics, describeKafka, uniqueGroupId, uniqueTopic } from '../support/kafka';
import { count, expectEventually, sql, testMatchersDir, upsert } from './support/fixtures';
import { committedTotal, keyed, produceRaw, RawMessage } from './support/kafka-events';

const MAX_EVENT_BYTES = 8192;

/** One malformed message of each kind, the reason the DLQ must give, and the bytes it must keep. */
function malformed(): Array<{ reason: string; message: RawMessage }> {
  const base = (id: string): Record<string, unknown> => ({ ...upsert(`BAD-${id}`, 1) });
  const json = (id: string, patch: (e: Record<string, unknown>) => void): RawMessage => {
    const e = base(id);
    patch(e);
    return { key: `crm:customer:BAD-${id}`, value: JSON.stringify(e) };
  };
  const manyAttributes = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`a${i}`, i]));
  return [
    {
      reason: 'NOT_JSON',
      message: { key: 'crm:customer:BAD-json', value: '{"eventId": "BAD-json", "domain": ' },
    },
    { reason: 'EMPTY_MESSAGE', message: { key: 'crm:customer:BAD-empty', value: '' } },
    {
      reason: 'INVALID_ENCODING',
      message: { key: 'crm:customer:BAD-utf8', value: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) },
    },
    { reason: 'NOT_AN_OBJECT', message: { key: 'crm:customer:BAD-array', value: '[1, 2, 3]' } },
    { reason: 'MISSING_FIELD', message: json('missing', (e) => delete e.sourceId) },
    { reason: 'WRONG_TYPE', message: json('type', (e) => (e.sourceId = 17)) },
    { reason: 'EMPTY_FIELD', message: json('blank', (e) => (e.eventId = '   ')) },
    { reason: 'UNEXPECTED_FIELD', message: json('extra', (e) => (e.colour = 'blue')) },
    { reason: 'INVALID_FORMAT', message: json('domain', (e) => (e.domain = 'c r m')) },
    { reason: 'VALUE_TOO_LONG', message: json('long', (e) => (e.sourceId = 'x'.repeat(300))) },
    { reason: 'UNKNOWN_ENTITY_TYPE', message: json('entity', (e) => (e.entityType = 'spaceship')) },
    { reason: 'UNKNOWN_OP', message: json('op', (e) => (e.op = 'merge')) },
    {
      reason: 'EVENT_TOO_LARGE',
      message: json('huge', (e) => (e.attributes = { notes: 'n'.repeat(MAX_EVENT_BYTES) })),
    },
    { reason: 'TOO_MANY_ATTRIBUTES', message: json('wide', (e) => (e.attributes = manyAttributes)) },
    {
      reason: 'NESTED_ATTRIBUTE',
      message: json('nested', (e) => (e.attributes = { address: { city: 'Paris' } })),
    },
    {
      reason: 'CONTROL_CHARACTERS',
      message: json('ctrl', (e) => (e.attributes = { surname: 'Smi\u0000th\u001b' })),
    },
    { reason: 'INVALID_TIMESTAMP', message: json('time', (e) => (e.occurredAt = '2026-02-30T10:00:00Z')) },
    { reason: 'INVALID_VERSION', message: json('version', (e) => (e.version = -3)) },
    {
      reason: 'INVALID_REFERENCES',
      message: json('refs', (e) => (e.references = [{ entityType: 'customer', domain: 'crm' }])),
    },
  ];
}

describeKafka('Kafka ingestion', (brokers) => {
  const topic = uniqueTopic('joinery-test.ingestion.changes');
  const dlq = uniqueTopic('joinery-test.ingestion.dlq');
  const groupId = uniqueGroupId('joinery-test.ingestion');
  let t: TestApp;

  beforeAll(async () => {
    await createTopics(brokers, [topic, dlq], 2);
    t = await startTestApp({
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_ENTITY_CHANGES: topic,
      KAFKA_TOPIC_DLQ: dlq,
      KAFKA_GROUP_ID: groupId,
      MAX_EVENT_BYTES: String(MAX_EVENT_BYTES),
      MATCHERS_DIR: testMatchersDir(),
    });
  });
  afterAll(() => t?.close());

  it('dead-letters each kind of malformed message with its own reason and applies the valid ones around them', async () => {
    const bad = malformed();
    const valid = Array.from({ length: bad.length + 1 }, (_, i) => upsert(`GOOD-${i}`, 1));
    const messages: RawMessage[] = [];
    valid.forEach((e, i) => {
      messages.push(keyed(e));
      const b = bad[i];
      if (b) messages.push({ ...b.message, headers: { 'trace-id': `trace-${b.reason}` } });
    });
    await produceRaw(brokers, topic, messages);

    const letters = await consumeMessages(brokers, dlq, {
      groupId: uniqueGroupId('joinery-test.dlq-reader'),
      count: bad.length,
      timeoutMs: 30_000,
    });
    expect(letters).toHaveLength(bad.length);
    const reasons = letters.map((l) => l.headers['joinery-dlq-reason']);
    expect(new Set(reasons).size).toBe(bad.length);
    expect([...reasons].sort()).toEqual(bad.map((b) => b.reason).sort());
    for (const b of bad) {
      const letter = letters.find((l) => l.headers['joinery-dlq-reason'] === b.reason)!;
      // The original bytes, key and headers, plus where the message came from and why it was refused.
      const original = typeof b.message.value === 'string' ? b.message.value : b.message.value!.toString();
      expect({ reason: b.reason, value: letter.value ?? '' }).toEqual({ reason: b.reason, value: original });
      expect(letter.key).toBe(b.message.key);
      expect(letter.headers['trace-id']).toBe(`trace-${b.reason}`);
      expect(letter.headers['joinery-dlq-source-topic']).toBe(topic);
      expect(Number(letter.headers['joinery-dlq-source-partition'])).toBeGreaterThanOrEqual(0);
      expect(letter.headers['joinery-dlq-source-offset']).toMatch(/^\d+$/);
      expect(letter.headers['joinery-dlq-message']?.length).toBeGreaterThan(0);
    }
    await expectEventually(
      async () => (await count(t.db.url, 'processed_events', `event_id LIKE 'GOOD-%'`)) === valid.length,
      30_000,
      'valid events applied',
    );
    expect(await count(t.db.url, 'source_records', `source_id LIKE 'GOOD-%'`)).toBe(valid.length);
    expect(await count(t.db.url, 'source_records', `source_id LIKE 'BAD-%'`)).toBe(0);
    // Everything consumed was committed: a restart would not see these messages again.
    await expectEventually(
      async () => (await committedTotal(brokers, groupId, topic)) === messages.length,
      15_000,
      'offsets committed',
    );
  });

  it('out-of-order versions of one record end at the highest version', async () => {
    const started = Date.now();
    const events = [3, 1, 5, 2, 4].map((v) => upsert('KOOO-1', v));
    // A thousand other records behind them, for a rate figure.
    const many = Array.from({ length: 1000 }, (_, i) => upsert(`KRATE-${i}`, 1));
    await produceRaw(brokers, topic, [...events, ...many].map(keyed));
    await expectEventually(
      async () =>
        (await count(t.db.url, 'processed_events', `event_id LIKE 'KOOO-1#%' OR event_id LIKE 'KRATE-%'`)) ===
        1005,
      30_000,
      'events processed',
    );
    console.log(`[bench] Kafka: 1,005 events produced and ingested in ${Date.now() - started} ms`);
    const [record] = await sql<{ version: string }>(
      t.db.url,
      `SELECT version::text FROM source_records WHERE source_id = 'KOOO-1'`,
    );
    expect(record?.version).toBe('5');
    const history = await sql<{ event_id: string }>(
      t.db.url,
      `SELECT h.event_id FROM source_record_history h JOIN source_records s ON s.id = h.record_id WHERE s.source_id = 'KOOO-1' ORDER BY h.id`,
    );
    expect(history.map((h) => h.event_id)).toEqual(['KOOO-1#v3', 'KOOO-1#v5']);
    const outcomes = await sql<{ outcome: string; n: string }>(
      t.db.url,
      `SELECT outcome, count(*)::text AS n FROM processed_events WHERE event_id LIKE 'KOOO-1#%' GROUP BY outcome ORDER BY outcome`,
    );
    expect(outcomes).toEqual([
      { outcome: 'applied', n: '2' },
      { outcome: 'stale', n: '3' },
    ]);
  });

  it('dead-letters an eventId reused with different content as EVENT_ID_CONFLICT (after the malformed ones)', async () => {
    const first = upsert('REUSED-1', 1);
    await produceRaw(brokers, topic, [keyed(first)]);
    await expectEventually(
      async () => (await count(t.db.url, 'processed_events', `event_id = '${first.eventId}'`)) === 1,
      30_000,
      'first event applied',
    );
    await produceRaw(brokers, topic, [keyed(first), keyed({ ...first, attributes: { surname: 'Other' } })]);
    // The DLQ already holds the previous test's malformed messages: this one comes after them.
    const letters = await consumeMessages(brokers, dlq, {
      groupId: uniqueGroupId('joinery-test.dlq-reader'),
      count: malformed().length + 1,
      timeoutMs: 30_000,
    });
    const conflicts = letters.filter((l) => l.headers['joinery-dlq-reason'] === 'EVENT_ID_CONFLICT');
    expect(conflicts.map((l) => JSON.parse(l.value ?? '{}').attributes)).toEqual([{ surname: 'Other' }]);
    const [row] = await sql<{ attributes: Record<string, unknown> }>(
      t.db.url,
      `SELECT attributes FROM source_records WHERE source_id = 'REUSED-1'`,
    );
    expect(row.attributes.surname).not.toBe('Other');
  });
});
