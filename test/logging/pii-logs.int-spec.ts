import { TEST_ADMIN_KEY } from '../support/app';
import { createTopics, describeKafka, produceMessages, uniqueGroupId, uniqueTopic } from '../support/kafka';
import { writeMatchersDir } from '../support/matchers';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { ServiceProcess, startService } from '../support/service-process';
import { expectEventually, sql } from '../ingestion/support/fixtures';

const EMAIL = 'canary.7f3a9@pii-test.example';
const NAME = 'Zebulon Quixotic-Canary';
const KAFKA_EMAIL = 'kafka.canary.51c2@pii-test.example';

const event = (sourceId: string, email: string) => ({
  eventId: `pii-${sourceId}`,
  domain: 'crm',
  entityType: 'person',
  sourceId,
  op: 'upsert',
  occurredAt: '2026-11-25T10:00:00Z',
  attributes: { name: NAME, email, ssn: '987654' },
});

/**
 * The real service at LOG_LEVEL=trace, fed PII over REST and Kafka (valid events, an invalid one, a
 * poison message, a search query): its log must be JSON lines with correlation ids, and must not
 * contain a single attribute value.
 */
describeKafka('logs', (brokers) => {
  let db: TestDatabase;
  let service: ServiceProcess | undefined;
  const topic = uniqueTopic('joinery-test.logs.changes');

  beforeAll(async () => {
    db = await createTestDatabase();
    await createTopics(brokers, [topic, `${topic}.dlq`], 1);
  });
  afterAll(async () => {
    await service?.kill('SIGKILL');
    await db?.drop();
  });

  it('are JSON with correlation ids and never contain attribute values', async () => {
    service = await startService({
      DATABASE_URL: db.url,
      MATCHERS_DIR: writeMatchersDir(),
      LOG_LEVEL: 'trace',
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_ENTITY_CHANGES: topic,
      KAFKA_TOPIC_DLQ: `${topic}.dlq`,
      KAFKA_TOPIC_GOLDEN_CHANGES: `${topic}.golden`,
      KAFKA_GROUP_ID: uniqueGroupId('joinery-test.logs'),
    });
    const base = `http://127.0.0.1:${service.port}`;
    const res = await fetch(`${base}/v1/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': 'test-req-42',
        authorization: `Bearer ${TEST_ADMIN_KEY}`,
      },
      body: JSON.stringify({
        events: [
          event('P-1', EMAIL),
          { ...event('P-2', EMAIL), attributes: { email: { nested: EMAIL } } }, // rejected
        ],
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('test-req-42');
    // A generated id when the caller sends none (or an unusable one).
    const other = await fetch(`${base}/health/live`, { headers: { 'x-request-id': `bad id ${EMAIL}` } });
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const search = await fetch(`${base}/v1/golden/search?entityType=person&q=${encodeURIComponent(NAME)}`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
    });
    expect(search.status).toBe(200);

    await produceMessages(brokers, topic, [
      { key: 'crm:person:K-1', value: JSON.stringify(event('K-1', KAFKA_EMAIL)) },
      { key: 'crm:person:K-2', value: `not json but PII: ${KAFKA_EMAIL}` },
    ]);
    await expectEventually(
      async () =>
        Number(
          (await sql<{ n: string }>(db.url, `SELECT count(*)::text AS n FROM processed_events`))[0].n,
        ) === 2,
      30_000,
      'both valid events applied',
    );
    await expectEventually(
      async () => /dead-lettered/.test(service!.output()),
      15_000,
      'the poison message dead-lettered',
    );
    await service.kill('SIGTERM');

    const output = service.output();
    for (const secret of [EMAIL, KAFKA_EMAIL, NAME, 'Quixotic', '987654', TEST_ADMIN_KEY])
      expect(output).not.toContain(secret);

    const lines = output.split('\n').filter((l) => l.trim() !== '');
    const records = lines.map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${l}`);
      }
    });
    expect(records.every((r) => typeof r.level === 'string' && typeof r.time === 'string')).toBe(true);
    const request = records.filter((r) => r.correlationId === 'test-req-42');
    expect(request.length).toBeGreaterThan(0);
    expect(request.some((r) => (r.req as { path?: string } | undefined)?.path === '/v1/events')).toBe(true);
    // A Kafka batch's lines carry the batch's generated correlation id.
    const batch = records.filter(
      (r) => r.context === 'IngestionConsumer' && typeof r.correlationId === 'string',
    );
    expect(batch.length).toBeGreaterThan(0);
  }, 60_000);
});
