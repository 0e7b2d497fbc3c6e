import { canonicalPartition, SyntheticDataset, type GeneratedEvent } from '../../src/cli/generator';
import { resolvedPartition } from '../../src/cli/generator/resolved-partition';
import { IngestionMetrics } from '../../src/core/ingestion/ingestion-metrics';
import { IngestionService } from '../../src/core/ingestion/ingestion.service';
import { startTestApp, TestApp, validatedEvents as validated } from '../support/app';
import { consumeMessages, createTopics, describeKafka, uniqueGroupId, uniqueTopic } from '../support/kafka';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { ServiceProcess, startService } from '../support/service-process';
import { count, expectEventually, sql } from './support/fixtures';
import { committedTotal, keyed, produceRaw, RawMessage } from './support/kafka-events';

const CUSTOMERS = 2000;
const ACCOUNTS = 200;
const customers = new SyntheticDataset({ entityType: 'customer', records: CUSTOMERS, domains: 4, seed: 7 });
const accounts = new SyntheticDataset({ entityType: 'account', records: ACCOUNTS, domains: 3, seed: 11 });

/**
 * What waits on the topic before the service starts: every customer, then second versions of some and
 * deletes of a few (one record's events in order on its partition), and accounts, of which the store
 * already holds one (its event comes again: a duplicate).
 */
const generated: GeneratedEvent[] = [
  ...Array.from({ length: CUSTOMERS }, (_, p) => customers.upsert(p)),
  ...Array.from({ length: ACCOUNTS }, (_, p) => accounts.upsert(p)),
  ...Array.from({ length: 200 }, (_, i) => customers.upsert(i * 10, 2, Date.parse('2026-06-01') + i)),
  ...Array.from({ length: 20 }, (_, i) => customers.delete(i * 100 + 5, 2)),
];
const MALFORMED: RawMessage = { key: 'crm:customer:BAD-json', value: '{"eventId": "BAD-json", "domain": ' };

async function partition(databaseUrl: string): Promise<string[][]> {
  const rows: Array<readonly [string, string]> = [];
  for await (const row of resolvedPartition(databaseUrl, ['customer', 'account'])) rows.push(row);
  return canonicalPartition(rows);
}

/** joinery_ingestion_kafka_backfills_total of a service process, by outcome. */
async function backfillModes(port: number): Promise<{ completed: number; fallback: number }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const value = (outcome: string): number =>
    Number(
      new RegExp(`^joinery_ingestion_kafka_backfills_total\\{outcome="${outcome}"\\} (\\d+)`, 'm').exec(
        text,
      )?.[1] ?? 0,
    );
  return { completed: value('completed'), fallback: value('fallback') };
}

/** A database whose account store holds one record (its event is on the topic too): accounts are not backfilled. */
async function seededDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  const seeding = await startTestApp({ KAFKA_BROKERS: undefined }, { databaseUrl: db.url });
  await seeding.app.get(IngestionService).ingest(validated(seeding, [accounts.upsert(0)]));
  await seeding.close();
  return db;
}

describeKafka('Kafka consumer backfill mode', (brokers) => {
  const messages = [...generated.slice(0, 1000).map(keyed), MALFORMED, ...generated.slice(1000).map(keyed)];
  let incremental: TestApp;

  /** Fresh topics, the lag produced on them, and the consumer's settings (backfill mode from 1,000 messages). */
  async function lagged(name: string): Promise<{ env: Record<string, string>; dlq: string; topic: string }> {
    const topic = uniqueTopic(`joinery-test.${name}.changes`);
    const dlq = uniqueTopic(`joinery-test.${name}.dlq`);
    await createTopics(brokers, [topic, dlq], 3);
    await produceRaw(brokers, topic, messages);
    const env = {
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_ENTITY_CHANGES: topic,
      KAFKA_TOPIC_DLQ: dlq,
      KAFKA_GROUP_ID: uniqueGroupId(`joinery-test.${name}`),
      KAFKA_BACKFILL_LAG: '1000',
    };
    return { env, dlq, topic };
  }

  /**
   * The lag consumed however the mode went: the offsets at the end, every event once in the ledger, the
   * partition of incremental ingestion, and no golden entity with a version gap.
   */
  async function caughtUp(databaseUrl: string, groupId: string, topic: string): Promise<void> {
    await expectEventually(
      async () => (await committedTotal(brokers, groupId, topic)) === messages.length,
      90_000,
      'offsets committed to the end of the lag',
    );
    await expectEventually(
      async () => (await count(databaseUrl, 'processed_events')) === generated.length,
      30_000,
      'every event in the ledger',
    );
    expect(await partition(databaseUrl)).toEqual(await partition(incremental.db.url));
    const [{ gaps }] = await sql<{ gaps: number }>(
      databaseUrl,
      `SELECT count(*)::int AS gaps FROM (
         SELECT version, row_number() OVER (PARTITION BY golden_id ORDER BY id) AS k FROM golden_outbox) v
        WHERE v.version <> v.k`,
    );
    expect(gaps).toBe(0);
  }

  beforeAll(async () => {
    // The reference: the same events through incremental ingestion, batch by batch, on the same seed.
    incremental = await startTestApp({ KAFKA_BROKERS: undefined });
    const ingestion = incremental.app.get(IngestionService);
    await ingestion.ingest(validated(incremental, [accounts.upsert(0)]));
    const all = validated(incremental, generated);
    for (let i = 0; i < all.length; i += 1000) await ingestion.ingest(all.slice(i, i + 1000));
  }, 120_000);

  afterAll(() => incremental?.close());

  describe('one instance', () => {
    let db: TestDatabase;
    let kafka: TestApp;
    let topic: string;
    let dlq: string;
    let groupId: string;

    beforeAll(async () => {
      db = await seededDatabase();
      let env: Record<string, string>;
      ({ env, topic, dlq } = await lagged('backfill-mode'));
      groupId = env.KAFKA_GROUP_ID;
      kafka = await startTestApp(env, { databaseUrl: db.url });
      await expectEventually(
        async () => (await committedTotal(brokers, groupId, topic)) === messages.length,
        60_000,
        'offsets committed to the end of the lag',
      );
      // The offsets are visible a moment before the mode counts itself done.
      const metrics = kafka.app.get(IngestionMetrics);
      await expectEventually(
        async () => metrics.snapshot().backfillModes.completed === 1,
        10_000,
        'mode done',
      );
    }, 180_000);

    afterAll(async () => {
      await kafka?.close();
      await db?.drop();
    });

    it('backfilled the empty customer store in bulk and committed the whole lag', () => {
      const metrics = kafka.app.get(IngestionMetrics).snapshot();
      expect(metrics.backfillModes).toEqual({ completed: 1 });
      expect(metrics.dlqByReason).toEqual({ NOT_JSON: 1 });
      // Backfilled events are counted as ingestion counts them; the stored account came again as a duplicate.
      const reference = incremental.app.get(IngestionMetrics).snapshot().byEntityType.customer;
      expect(reference.applied).toBeGreaterThan(CUSTOMERS);
      expect(metrics.byEntityType.customer).toEqual(reference);
      expect(metrics.byEntityType.account).toMatchObject({ applied: ACCOUNTS - 1, duplicate: 1 });
    });

    it('gives the partition incremental ingestion gives', async () => {
      const [a, b] = [await partition(kafka.db.url), await partition(incremental.db.url)];
      expect(a.length).toBeGreaterThan(CUSTOMERS / 4);
      expect(a.some((c) => c.length > 1)).toBe(true);
      expect(a).toEqual(b);
    });

    it('wrote customers the backfill way (one golden.created per entity) and accounts the incremental way', async () => {
      const rows = await sql<{ entity_type: string; created: number; other: number; goldens: number }>(
        db.url,
        `SELECT g.entity_type, count(*) FILTER (WHERE o.event_type = 'golden.created')::int AS created,
              count(*) FILTER (WHERE o.event_type <> 'golden.created')::int AS other,
              (SELECT count(*)::int FROM golden_entities e WHERE e.entity_type = g.entity_type) AS goldens
         FROM golden_outbox o JOIN golden_entities g ON g.golden_id = o.golden_id
        GROUP BY g.entity_type ORDER BY 1`,
      );
      const byType = Object.fromEntries(rows.map((r) => [r.entity_type, r]));
      expect(byType.customer.other).toBe(0);
      expect(byType.customer.created).toBe(byType.customer.goldens);
      expect(byType.account.created).toBeGreaterThan(0);
    });

    it('dead-lettered the malformed message with its reason', async () => {
      const [letter] = await consumeMessages(brokers, dlq, {
        groupId: uniqueGroupId('joinery-test.backfill-mode.dlq-reader'),
        count: 1,
      });
      expect(letter.key).toBe(MALFORMED.key);
      expect(letter.value).toBe(MALFORMED.value);
      expect(letter.headers['joinery-dlq-reason']).toBe('NOT_JSON');
      expect(letter.headers['joinery-dlq-source-topic']).toBe(topic);
    });

    it('then consumes incrementally: a new event is applied', async () => {
      const later = { ...customers.upsert(1, 3, Date.now() - 1000), eventId: 'after-the-backfill' };
      await produceRaw(brokers, topic, [keyed(later)]);
      await expectEventually(
        async () => (await count(db.url, 'processed_events', `event_id = 'after-the-backfill'`)) === 1,
        30_000,
        'the later event processed',
      );
      const [row] = await sql<{ outcome: string }>(
        db.url,
        `SELECT outcome FROM processed_events WHERE event_id = 'after-the-backfill'`,
      );
      expect(row.outcome).toBe('applied');
      expect(kafka.app.get(IngestionMetrics).snapshot().backfillModes).toEqual({ completed: 1 });
    });
  });

  // Both read the whole lag and try to backfill; the lock buckets let one write, the other is refused
  // (or finds the store filled, or the lag gone) and falls back. Whatever the interleaving: every event
  // applied once, the partition of incremental ingestion, the offsets at the end. Two processes, as two
  // instances are (two applications in this process would share its kafkajs teardown).
  describe('two instances starting at once', () => {
    let db: TestDatabase;
    let services: ServiceProcess[] = [];

    afterAll(async () => {
      await Promise.all(services.map((s) => s.kill('SIGTERM')));
      await db?.drop();
    });

    it('apply every event once and give the incremental partition', async () => {
      db = await seededDatabase();
      const { env, topic } = await lagged('backfill-race');
      const processEnv = {
        ...env,
        DATABASE_URL: db.url,
        KAFKA_TOPIC_GOLDEN_CHANGES: `${topic}.golden`,
        KAFKA_TOPIC_XREF: `${topic}.xref`,
      };
      services = await Promise.all([startService(processEnv), startService(processEnv)]);
      try {
        await caughtUp(db.url, env.KAFKA_GROUP_ID, topic);
      } catch (e) {
        for (const s of services) process.stderr.write(s.output().slice(-3000));
        throw e;
      }
      const modes = await Promise.all(services.map((s) => backfillModes(s.port)));
      expect(modes.reduce((n, m) => n + m.completed, 0)).toBeLessThanOrEqual(1);
      expect(modes.reduce((n, m) => n + m.completed + m.fallback, 0)).toBeGreaterThanOrEqual(1);
    }, 180_000);
  });

  // More lag than KAFKA_BACKFILL_MAX_EVENTS: the mode backfills what it read and commits there; the
  // rest is consumed incrementally onto the backfilled store.
  describe('a lag over the cap', () => {
    let db: TestDatabase;
    let app: TestApp;

    afterAll(async () => {
      await app?.close();
      await db?.drop();
    });

    it('backfills the first part, then consumes the rest incrementally to the same partition', async () => {
      db = await seededDatabase();
      const { env, topic } = await lagged('backfill-cap');
      app = await startTestApp({ ...env, KAFKA_BACKFILL_MAX_EVENTS: '1000' }, { databaseUrl: db.url });
      await caughtUp(db.url, env.KAFKA_GROUP_ID, topic);
      const metrics = app.app.get(IngestionMetrics).snapshot();
      expect(metrics.backfillModes).toEqual({ completed: 1 });
      // The later customers joined backfilled entities incrementally: events beside the backfill's golden.created.
      const [events] = await sql<{ created: number; other: number }>(
        db.url,
        `SELECT count(*) FILTER (WHERE o.event_type = 'golden.created')::int AS created,
                count(*) FILTER (WHERE o.event_type <> 'golden.created')::int AS other
           FROM golden_outbox o JOIN golden_entities g ON g.golden_id = o.golden_id WHERE g.entity_type = 'customer'`,
      );
      expect(events.created).toBeGreaterThan(0);
      expect(events.other).toBeGreaterThan(0);
    }, 180_000);
  });
});
