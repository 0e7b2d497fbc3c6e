import { INestApplication } from '@nestjs/common';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { consumeMessages, describeKafka, topicOffsets, uniqueGroupId, uniqueTopic } from '../support/kafka';
import { writeMatchersDir } from '../support/matchers';
import { applyChanges, pendingOutbox, TestChange } from '../support/resolution-harness';
import { adminQuery } from '../support/postgres';
import { startService } from '../support/service-process';
import { call, goldenOf } from '../stewardship/steward-fixtures';

/**
 * The compacted xref topic against the store: read from the beginning into a key → golden id map
 * (tombstones delete), it must equal the crosswalk export, after every kind of change.
 */

type Crosswalk = Map<string, { goldenId: string; linkedAt: string }>;

const person = (i: number) => ({
  name: `Person ${i} Example`,
  email: `p${i}@example.com`,
  ssn: String(100000 + i),
});
const people = (n: number, domain: string): TestChange[] =>
  Array.from({ length: n }, (_, i) => ({ domain, sourceId: `${domain}-${i}`, attributes: person(i) }));

/** The topic read from the beginning, every message applied in order. */
async function topicCrosswalk(brokers: string[], topic: string): Promise<Crosswalk> {
  const count = (await topicOffsets(brokers, topic)).reduce((n, p) => n + p.high, 0);
  const messages = await consumeMessages(brokers, topic, { groupId: uniqueGroupId('xref-reader'), count });
  const map: Crosswalk = new Map();
  for (const m of messages) {
    if (m.value === null) {
      map.delete(m.key!);
      continue;
    }
    const value = JSON.parse(m.value) as {
      entityType: string;
      domain: string;
      sourceId: string;
      goldenId: string;
      linkedAt: string;
    };
    expect(m.key).toBe(`${value.entityType}:${value.domain}:${value.sourceId}`);
    map.set(m.key!, { goldenId: value.goldenId, linkedAt: value.linkedAt });
  }
  return map;
}

/** GET /v1/xref/export (ndjson) as the same map. */
async function exportCrosswalk(app: INestApplication): Promise<Crosswalk> {
  const res = await request(app.getHttpServer()).get('/v1/xref/export?entityType=person').buffer(true);
  expect(res.status).toBe(200);
  const map: Crosswalk = new Map();
  for (const line of res.text.split('\n').filter(Boolean)) {
    const row = JSON.parse(line) as { goldenId: string; domain: string; sourceId: string; linkedAt: string };
    map.set(`person:${row.domain}:${row.sourceId}`, { goldenId: row.goldenId, linkedAt: row.linkedAt });
  }
  return map;
}

async function publishedOutbox(url: string): Promise<number> {
  const [row] = await adminQuery<{ n: string }>(
    `SELECT count(*)::text AS n FROM golden_outbox WHERE published_at IS NOT NULL`,
    url,
  );
  return Number(row.n);
}

async function waitUntilPublished(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await pendingOutbox(url)) > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
  expect(await pendingOutbox(url)).toBe(0);
}

/** Matches, moves, deletes (one member, a whole entity) and steward merge and split. */
async function changeEverything(app: INestApplication): Promise<void> {
  await applyChanges(app, 'person', people(40, 'crm'));
  await applyChanges(app, 'person', people(40, 'billing')); // billing-i joins crm-i
  await applyChanges(app, 'person', [
    { domain: 'crm', sourceId: 'crm-1', op: 'delete' }, // a member leaves: tombstone
    { domain: 'crm', sourceId: 'crm-2', op: 'delete' },
    { domain: 'billing', sourceId: 'billing-2', op: 'delete' }, // the whole entity goes
  ]);
  // billing-3 becomes person 5: it moves to crm-5's entity; billing-4 becomes someone new: a split.
  await applyChanges(app, 'person', [
    { domain: 'billing', sourceId: 'billing-3', attributes: person(5) },
    { domain: 'billing', sourceId: 'billing-4', attributes: person(999) },
  ]);
  const merged = await call(
    app,
    'post',
    '/v1/golden/{goldenId}/merge',
    { goldenId: await goldenOf(app, 'crm', 'crm-7') },
    {
      otherGoldenId: await goldenOf(app, 'crm', 'crm-6'),
      reason: 'one household',
    },
  );
  expect(merged.status).toBe(200);
  const split = await call(
    app,
    'post',
    '/v1/golden/{goldenId}/split',
    { goldenId: await goldenOf(app, 'crm', 'crm-8') },
    {
      members: [{ domain: 'billing', sourceId: 'billing-8' }],
      reason: 'a shared account',
    },
  );
  expect(split.status).toBe(200);
  // A record deleted and brought back.
  await applyChanges(app, 'person', [{ domain: 'crm', sourceId: 'crm-9', op: 'delete' }]);
  await applyChanges(app, 'person', [{ domain: 'crm', sourceId: 'crm-9', attributes: person(9) }]);
}

describeKafka('compacted xref topic', (brokers) => {
  it('is created compacted and read from the beginning equals the export after every kind of change', async () => {
    const xref = uniqueTopic('xref');
    const entity = uniqueTopic('entity');
    const t: TestApp = await startTestApp({
      MATCHERS_DIR: writeMatchersDir(),
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_XREF: xref,
      KAFKA_TOPIC_GOLDEN_CHANGES: uniqueTopic('golden'),
      KAFKA_TOPIC_ENTITY_CHANGES: entity,
      KAFKA_TOPIC_DLQ: `${entity}.dlq`,
      KAFKA_GROUP_ID: uniqueGroupId('xref-test'),
    });
    try {
      await changeEverything(t.app);
      await waitUntilPublished(t.db.url);
      const expected = await exportCrosswalk(t.app);
      expect(expected.size).toBe(40 + 40 - 3);
      expect(expected.has('person:crm:crm-1')).toBe(false);
      expect(await topicCrosswalk(brokers, xref)).toEqual(expected);

      const admin = new Kafka({ clientId: 'xref-test', brokers, logLevel: logLevel.ERROR }).admin();
      await admin.connect();
      try {
        const { resources } = await admin.describeConfigs({
          includeSynonyms: false,
          resources: [{ type: ConfigResourceTypes.TOPIC, name: xref, configNames: ['cleanup.policy'] }],
        });
        expect(resources[0].configEntries[0]).toMatchObject({
          configName: 'cleanup.policy',
          configValue: 'compact',
        });
      } finally {
        await admin.disconnect();
      }
    } finally {
      await t.close();
    }
  });

  it('still equals the export after the relay is killed (SIGKILL) mid-publish and restarted', async () => {
    const xref = uniqueTopic('xref-crash');
    const entity = uniqueTopic('entity-crash');
    const matchers = writeMatchersDir();
    // Fill the outbox while no relay runs.
    const t = await startTestApp({ MATCHERS_DIR: matchers, KAFKA_BROKERS: undefined });
    const db = t.db;
    await changeEverything(t.app);
    await applyChanges(t.app, 'person', people(600, 'support'));
    await t.app.close(); // keep the database
    const env = {
      DATABASE_URL: db.url,
      MATCHERS_DIR: matchers,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_XREF: xref,
      KAFKA_TOPIC_GOLDEN_CHANGES: uniqueTopic('golden-crash'),
      KAFKA_TOPIC_ENTITY_CHANGES: entity,
      KAFKA_TOPIC_DLQ: `${entity}.dlq`,
      KAFKA_GROUP_ID: uniqueGroupId('xref-crash'),
      GOLDEN_RELAY_BATCH_SIZE: '20',
    };
    try {
      const first = await startService(env);
      // Killed once the relay has marked some outbox rows (after its seed of the topic), not all.
      const deadline = Date.now() + 30_000;
      while ((await publishedOutbox(db.url)) === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      await first.kill('SIGKILL');
      expect(await pendingOutbox(db.url)).toBeGreaterThan(0); // really killed mid-publish

      const second = await startService(env);
      try {
        await waitUntilPublished(db.url);
      } finally {
        await second.kill('SIGTERM');
      }
      const reader = await startTestApp(
        { MATCHERS_DIR: matchers, KAFKA_BROKERS: undefined },
        { databaseUrl: db.url },
      );
      try {
        const expected = await exportCrosswalk(reader.app);
        expect(expected.size).toBe(40 + 40 - 3 + 600);
        expect(await topicCrosswalk(brokers, xref)).toEqual(expected);
      } finally {
        await reader.close();
      }
    } finally {
      await db.drop();
    }
  }, 180_000);

  it('is seeded once with the crosswalk of a store whose records predate it', async () => {
    const xref = uniqueTopic('xref-seed');
    const entity = uniqueTopic('entity-seed');
    const matchers = writeMatchersDir();
    const t = await startTestApp({ MATCHERS_DIR: matchers, KAFKA_BROKERS: undefined });
    const db = t.db;
    await changeEverything(t.app);
    await t.app.close(); // keep the database
    // As before migration 1764132000000: every event published, no xref entries anywhere.
    await adminQuery(`UPDATE golden_outbox SET xref = NULL, published_at = now()`, db.url);
    const env = {
      MATCHERS_DIR: matchers,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_XREF: xref,
      KAFKA_TOPIC_GOLDEN_CHANGES: uniqueTopic('golden-seed'),
      KAFKA_TOPIC_ENTITY_CHANGES: entity,
      KAFKA_TOPIC_DLQ: `${entity}.dlq`,
      KAFKA_GROUP_ID: uniqueGroupId('xref-seed'),
    };
    try {
      const live = await startTestApp(env, { databaseUrl: db.url });
      try {
        const seeded = async () =>
          (await adminQuery(`SELECT 1 FROM xref_topic_seeds WHERE topic = '${xref}'`, db.url)).length;
        const deadline = Date.now() + 30_000;
        while ((await seeded()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        expect(await seeded()).toBe(1);
        // Changes after the seed follow it on the topic.
        await applyChanges(live.app, 'person', [
          { domain: 'crm', sourceId: 'crm-20', op: 'delete' },
          { domain: 'support', sourceId: 'support-1', attributes: person(21) },
        ]);
        await waitUntilPublished(db.url);
        const expected = await exportCrosswalk(live.app);
        expect(expected.size).toBe(40 + 40 - 3 - 1 + 1);
        expect(await topicCrosswalk(brokers, xref)).toEqual(expected);
      } finally {
        await live.close();
      }
      // Seeded once: after a restart, one more record joining an entity is one more message.
      const before = (await topicOffsets(brokers, xref)).reduce((n, p) => n + p.high, 0);
      const again = await startTestApp(env, { databaseUrl: db.url });
      try {
        await applyChanges(again.app, 'person', [
          { domain: 'support', sourceId: 'support-30', attributes: person(30) },
        ]);
        await waitUntilPublished(db.url);
      } finally {
        await again.close();
      }
      expect((await topicOffsets(brokers, xref)).reduce((n, p) => n + p.high, 0)).toBe(before + 1);
    } finally {
      await db.drop();
    }
  }, 120_000);
});
