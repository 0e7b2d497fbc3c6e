import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/bootstrap';
import { TEST_ADMIN_KEY } from '../support/app';
import { IngestionMetrics } from '../../src/core/ingestion/ingestion-metrics';
import { createTopics, describeKafka, topicOffsets, uniqueGroupId, uniqueTopic } from '../support/kafka';
import { expectToMatchSpec } from '../support/openapi';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { count, expectEventually, testMatchersDir, upsert } from './support/fixtures';
import { committedOffsets, keyed, produceRaw } from './support/kafka-events';
import { TcpProxy } from './support/tcp-proxy';

/**
 * The database goes away while events keep arriving: the consumer must wait and retry (never
 * dead-letter, never commit), REST must answer 503, and everything must be applied once it is back.
 */
describeKafka('Kafka ingestion while the database is unreachable', (brokers) => {
  const topic = uniqueTopic('joinery-test.transient.changes');
  const dlq = uniqueTopic('joinery-test.transient.dlq');
  const groupId = uniqueGroupId('joinery-test.transient');
  const env: Record<string, string> = {
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC_ENTITY_CHANGES: topic,
    KAFKA_TOPIC_DLQ: dlq,
    KAFKA_GROUP_ID: groupId,
    MATCHERS_DIR: testMatchersDir(),
    ADMIN_API_KEY: TEST_ADMIN_KEY,
  };
  const saved: Record<string, string | undefined> = {};
  let db: TestDatabase;
  let proxy: TcpProxy;
  let app: INestApplication;

  beforeAll(async () => {
    await createTopics(brokers, [topic, dlq], 1);
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    db = await createTestDatabase();
    const u = new URL(db.url);
    proxy = await TcpProxy.start(u.hostname, Number(u.port || 5432));
    app = await createApp(proxy.urlFor(db.url), false);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await db?.drop();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('retries with backoff until the database is back, then applies everything once', async () => {
    await produceRaw(
      brokers,
      topic,
      Array.from({ length: 20 }, (_, i) => keyed(upsert(`BEFORE-${i}`, 1))),
    );
    await expectEventually(
      async () => (await count(db.url, 'processed_events')) === 20,
      30_000,
      'the first events',
    );

    proxy.cut();
    await produceRaw(
      brokers,
      topic,
      Array.from({ length: 100 }, (_, i) => keyed(upsert(`DURING-${i}`, 1))),
    );
    // REST says "try again later" rather than failing the events.
    const res = await request(app.getHttpServer())
      .post('/v1/events')
      .set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)
      .send({ events: [upsert('REST-1', 1)] });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('COMMON.UNAVAILABLE');
    expectToMatchSpec(res, 'post', '/v1/events');
    // The consumer keeps trying, with backoff ...
    const metrics = app.get(IngestionMetrics);
    await expectEventually(async () => metrics.snapshot().transientRetries >= 3, 20_000, 'repeated retries');
    // ... and commits nothing past what was applied before the outage.
    expect(await committedOffsets(brokers, groupId, topic)).toEqual([20]);

    proxy.restore();
    await expectEventually(
      async () => (await count(db.url, 'processed_events')) === 120,
      45_000,
      'all events after the outage',
    );
    expect(await count(db.url, 'source_records')).toBe(120);
    expect(await count(db.url, 'source_record_history')).toBe(120);
    // Nothing was dead-lettered: an outage is not the events' fault.
    expect(await topicOffsets(brokers, dlq)).toEqual([{ partition: 0, low: 0, high: 0 }]);
    expect(metrics.snapshot().byEntityType.customer).toMatchObject({ applied: 120, dlq: 0 });
    await expectEventually(
      async () => (await committedOffsets(brokers, groupId, topic))[0] === 120,
      15_000,
      'offsets committed',
    );
  }, 90_000);
});
