import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { createTopics, describeKafka, produceMessages, uniqueGroupId, uniqueTopic } from '../support/kafka';
import { writeMatchersDir } from '../support/matchers';
import { expectToMatchSpec } from '../support/openapi';
import { pollUntil } from '../support/poll';

/** One sample of a Prometheus text exposition: `name{labels} value`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return found.length === 0 ? undefined : found.reduce((sum, s) => sum + s.value, 0);
}

const person = (id: string, name: string, email: string, ssn: string, dob?: string) => ({
  eventId: `metrics-${id}`,
  domain: id.split('-')[0],
  entityType: 'person',
  sourceId: id,
  op: 'upsert',
  occurredAt: '2026-11-25T10:00:00Z',
  attributes: { name, email, ssn, ...(dob && { dob }) },
});

describe('GET /metrics after a small load', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ MATCHERS_DIR: writeMatchersDir(), KAFKA_BROKERS: undefined });
  });
  afterAll(() => t.close());

  it('exposes ingestion, resolution, outbox, review, steward, HTTP and process series', async () => {
    const http = t.app.getHttpServer();
    const events = [
      person('crm-1', 'Ada Lovelace', 'ada@example.com', '123456'),
      person('billing-1', 'Ada Lovelace', 'ada@example.com', '123456'), // auto-link → merge
      person('crm-2', 'Alan Turing', 'alan@example.com', '222222', '1912-06-23'),
      person('billing-2', 'Alan Turin', '', '', '1912-06-23'), // similar name, same birth date: review band
      { eventId: 'bad', domain: 'crm' }, // rejected
    ];
    const res = await request(http).post('/v1/events').send({ events });
    expect(res.status).toBe(200);
    // A replay is a duplicate.
    await request(http)
      .post('/v1/events')
      .send({ events: [events[0]] })
      .expect(200);
    await request(http).get('/v1/golden/nope').expect(404);
    // Two entities, then a record that links both (a merge), then that record changes (a split).
    const send = (e: object[]) => request(http).post('/v1/events').send({ events: e }).expect(200);
    await send([
      person('crm-3', 'Grace Hopper', 'grace@example.com', ''),
      person('billing-3', 'Grace Hopper', '', '333333'),
    ]);
    await send([person('support-3', 'Grace Hopper', 'grace@example.com', '333333')]);
    await send([
      {
        ...person('support-3', 'Someone Else', 'else@example.com', '999999'),
        eventId: 'metrics-support-3b',
        occurredAt: '2026-11-25T11:00:00Z',
      },
    ]);

    const scrape = await request(http).get('/metrics');
    expect(scrape.status).toBe(200);
    expect(scrape.headers['content-type']).toMatch(/^text\/plain.*version=0\.0\.4/);
    expectToMatchSpec(scrape, 'get', '/metrics');
    const samples = parseMetrics(scrape.text);

    expect(
      value(samples, 'joinery_ingestion_events_total', { entity_type: 'person', outcome: 'applied' }),
    ).toBe(8);
    expect(
      value(samples, 'joinery_ingestion_events_total', { entity_type: 'person', outcome: 'duplicate' }),
    ).toBe(1);
    expect(value(samples, 'joinery_ingestion_events_total', { outcome: 'rejected' })).toBe(1);
    expect(value(samples, 'joinery_resolution_batch_seconds_count', { entity_type: 'person' })).toBe(4);
    expect(value(samples, 'joinery_resolution_record_seconds_count', { entity_type: 'person' })).toBe(8);
    // Every call that resolved upserts took its lock buckets (the duplicate and the rejected event did not call).
    expect(value(samples, 'joinery_resolution_locked_seconds_count', { entity_type: 'person' })).toBe(4);
    expect(
      value(samples, 'joinery_resolution_auto_links_total', { entity_type: 'person' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(samples, 'joinery_review_items_opened_total', { reason: 'review_band' }),
    ).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'joinery_golden_events_total', { type: 'golden.created' })).toBeGreaterThanOrEqual(
      3,
    );
    expect(value(samples, 'joinery_golden_merges_total', { entity_type: 'person' })).toBe(1);
    expect(value(samples, 'joinery_golden_splits_total', { entity_type: 'person' })).toBe(1);
    // Nothing publishes without Kafka: every event written is still in the outbox.
    const written = value(samples, 'joinery_golden_events_total') ?? 0;
    expect(value(samples, 'joinery_outbox_backlog')).toBe(written);
    expect(value(samples, 'joinery_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(
      value(samples, 'joinery_review_open_items', { entity_type: 'person', age: 'lt_1h' }),
    ).toBeGreaterThanOrEqual(1);
    // Route templates, never raw URLs.
    expect(
      value(samples, 'joinery_http_request_duration_seconds_count', {
        route: '/v1/events',
        method: 'POST',
        status: '200',
      }),
    ).toBe(5);
    expect(
      value(samples, 'joinery_http_request_duration_seconds_count', {
        route: '/v1/golden/:goldenId',
        status: '404',
      }),
    ).toBe(1);
    expect(samples.some((s) => s.labels.route?.includes('nope'))).toBe(false);
    expect(value(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(value(samples, 'nodejs_eventloop_lag_seconds')).toBeDefined();
  });
});

describe('METRICS_PATH and METRICS_ENABLED', () => {
  it('serves the metrics on the configured path', async () => {
    const t = await startTestApp({
      MATCHERS_DIR: writeMatchersDir(),
      KAFKA_BROKERS: undefined,
      METRICS_PATH: '/internal/prom',
    });
    try {
      await request(t.app.getHttpServer()).get('/metrics').expect(404);
      const res = await request(t.app.getHttpServer()).get('/internal/prom').expect(200);
      expect(res.text).toContain('joinery_ingestion_events_total');
    } finally {
      await t.close();
    }
  });

  it('has no endpoint when disabled', async () => {
    const t = await startTestApp({
      MATCHERS_DIR: writeMatchersDir(),
      KAFKA_BROKERS: undefined,
      METRICS_ENABLED: 'false',
    });
    try {
      await request(t.app.getHttpServer()).get('/metrics').expect(404);
    } finally {
      await t.close();
    }
  });
});

describeKafka('consumer lag', (brokers) => {
  it('reports the lag per partition against the group committed offsets', async () => {
    const topic = uniqueTopic('joinery-test.metrics.changes');
    const groupId = uniqueGroupId('joinery-test.metrics');
    await createTopics(brokers, [topic], 2);
    // Produced before the consumer exists: the group has committed nothing, so the lag is everything.
    await produceMessages(
      brokers,
      topic,
      Array.from({ length: 10 }, (_, i) => {
        const e = person(`crm-lag${i}`, `Person ${i}`, `p${i}@example.com`, String(300000 + i));
        return { key: `crm:person:crm-lag${i}`, value: JSON.stringify(e) };
      }),
    );
    const t = await startTestApp({
      MATCHERS_DIR: writeMatchersDir(),
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_ENTITY_CHANGES: topic,
      KAFKA_TOPIC_DLQ: `${topic}.dlq`,
      KAFKA_TOPIC_GOLDEN_CHANGES: `${topic}.golden`,
      KAFKA_GROUP_ID: groupId,
    });
    try {
      const http = t.app.getHttpServer();
      const samples = await pollUntil(
        '10 events applied and no consumer lag',
        async () => parseMetrics((await request(http).get('/metrics')).text),
        (s) =>
          value(s, 'joinery_ingestion_events_total', { outcome: 'applied' }) === 10 &&
          value(s, 'joinery_consumer_lag', { topic }) === 0,
        60_000,
        500,
      );
      const partitions = samples
        .filter((s) => s.name === 'joinery_consumer_lag')
        .map((s) => s.labels.partition);
      expect(partitions.sort()).toEqual(['0', '1']);
    } finally {
      await t.close();
    }
  });
});
