import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadFebrl3 } from '../../bench/datasets';
import { createTopics, describeKafka, produceMessages, uniqueGroupId, uniqueTopic } from '../support/kafka';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { ServiceProcess, startService } from '../support/service-process';
import { pollUntil } from '../support/poll';

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

async function partitionOf(url: string): Promise<string[][]> {
  const rows = await query<{ members: string[] }>(
    url,
    `SELECT array_agg(source_id ORDER BY source_id) AS members FROM resolution_records GROUP BY golden_id`,
  );
  return rows.map((r) => r.members).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

async function waitForRecords(url: string, expected: number, timeoutMs: number): Promise<void> {
  await pollUntil(
    `${expected} records resolved`,
    async () =>
      Number((await query<{ n: string }>(url, `SELECT count(*)::text AS n FROM resolution_records`))[0].n),
    (n) => n === expected,
    timeoutMs,
    250,
  );
}

/**
 * Several instances in one consumer group must produce the same entities as one instance. Each
 * run consumes the same 6-partition topic of FEBRL3 change events with its own group and database.
 * Three instances, not also two: they start one after another, so the three-instance run consumes
 * with one, then two, then three members (a rebalance at each join) before it settles on three.
 */
describeKafka('concurrent consumers', (brokers) => {
  const dataset = loadFebrl3();
  const matchers = mkdtempSync(path.join(tmpdir(), 'joinery-febrl-'));
  copyFileSync(
    path.resolve(__dirname, '../../bench/matchers/febrl3.yaml'),
    path.join(matchers, 'person.yaml'),
  );
  const topic = uniqueTopic('febrl3-changes');
  const partitions: string[][][] = [];

  beforeAll(async () => {
    await createTopics(brokers, [topic], 6);
    await produceMessages(
      brokers,
      topic,
      dataset.records.map((r, i) => ({
        key: `febrl:person:${r.id}`,
        value: JSON.stringify({
          eventId: `febrl3-${r.id}`,
          domain: 'febrl',
          entityType: 'person',
          sourceId: r.id,
          op: 'upsert',
          version: 1,
          occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
          attributes: r.attributes,
        }),
      })),
    );
  });

  it.each([1, 3])(
    '%i instance(s) in one group give the same partition',
    async (instances) => {
      const db: TestDatabase = await createTestDatabase();
      const services: ServiceProcess[] = [];
      const env = {
        DATABASE_URL: db.url,
        MATCHERS_DIR: matchers,
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_TOPIC_ENTITY_CHANGES: topic,
        KAFKA_TOPIC_DLQ: `${topic}.dlq`,
        KAFKA_TOPIC_GOLDEN_CHANGES: `${topic}.golden`,
        KAFKA_GROUP_ID: uniqueGroupId(`concurrent-${instances}`),
      };
      try {
        for (let i = 0; i < instances; i++) services.push(await startService(env));
        await waitForRecords(db.url, dataset.records.length, 120_000);
        const result = await partitionOf(db.url);
        partitions.push(result);
        expect(result).toEqual(partitions[0]);
      } catch (e) {
        for (const s of services) process.stderr.write(s.output().slice(-3000));
        throw e;
      } finally {
        await Promise.all(services.map((s) => s.kill('SIGTERM')));
        await db.drop();
      }
    },
    180_000,
  );
});
