import { startTestApp, TestApp } from '../support/app';
import {
  consumeMessages,
  createTopics,
  describeKafka,
  topicOffsets,
  uniqueGroupId,
  uniqueTopic,
} from '../support/kafka';
import { writeMatchersDir } from '../support/matchers';
import { applyChanges, outboxEvents, pendingOutbox } from '../support/resolution-harness';
import { startService } from '../support/service-process';
import { pollUntil } from '../support/poll';

interface Published {
  goldenId: string;
  version: number;
  type: string;
}

function parse(
  messages: Array<{ key: string | null; value: string | null; partition: number }>,
): Published[] {
  return messages.map((m) => {
    const event = JSON.parse(m.value!) as Published;
    expect(m.key).toBe(event.goldenId);
    return event;
  });
}

/** Per golden id, the versions in the order they arrived. */
function versionsByGolden(events: Published[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const e of events) out.set(e.goldenId, [...(out.get(e.goldenId) ?? []), e.version]);
  return out;
}

const people = (n: number, domain: string) =>
  Array.from({ length: n }, (_, i) => ({
    domain,
    sourceId: `${domain}-${i}`,
    attributes: {
      name: `Person ${i % 700} Example`,
      email: `p${i % 700}@example.com`,
      ssn: String(100000 + (i % 700)),
    },
  }));

describeKafka('golden event relay', (brokers) => {
  it('publishes every outbox event keyed by golden id, in version order per golden id', async () => {
    const golden = uniqueTopic('golden');
    const entity = uniqueTopic('entity');
    await createTopics(brokers, [golden], 3);
    const t: TestApp = await startTestApp({
      MATCHERS_DIR: writeMatchersDir(),
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_GOLDEN_CHANGES: golden,
      KAFKA_TOPIC_ENTITY_CHANGES: entity,
      KAFKA_TOPIC_DLQ: `${entity}.dlq`,
      KAFKA_GROUP_ID: uniqueGroupId('relay-test'),
    });
    try {
      await applyChanges(t.app, 'person', people(300, 'crm'));
      await applyChanges(t.app, 'person', people(300, 'billing'));
      await applyChanges(t.app, 'person', [{ domain: 'crm', sourceId: 'crm-1', op: 'delete' }]);
      const expected = await outboxEvents(t.app);
      const messages = await consumeMessages(brokers, golden, {
        groupId: uniqueGroupId('reader'),
        count: expected.length,
        timeoutMs: 30_000,
      });
      const published = parse(messages);
      expect(published).toHaveLength(expected.length);
      const byGolden = versionsByGolden(published);
      for (const [goldenId, versions] of versionsByGolden(expected.map((e) => ({ ...e, type: e.type })))) {
        expect(byGolden.get(goldenId)).toEqual(versions);
      }
    } finally {
      await t.close();
    }
  });

  it('loses no event when the relay is killed mid-publish: duplicates at most, never a version gap', async () => {
    const golden = uniqueTopic('golden-crash');
    const entity = uniqueTopic('entity-crash');
    await createTopics(brokers, [golden], 3);
    const matchers = writeMatchersDir();
    // Fill the outbox while no relay runs.
    const t = await startTestApp({ MATCHERS_DIR: matchers, KAFKA_BROKERS: undefined });
    const db = t.db;
    await applyChanges(t.app, 'person', people(1500, 'crm'));
    await applyChanges(t.app, 'person', people(1500, 'billing'));
    const expected = await outboxEvents(t.app);
    await t.app.close(); // keep the database
    const env = {
      DATABASE_URL: db.url,
      MATCHERS_DIR: matchers,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_GOLDEN_CHANGES: golden,
      KAFKA_TOPIC_ENTITY_CHANGES: entity,
      KAFKA_TOPIC_DLQ: `${entity}.dlq`,
      KAFKA_GROUP_ID: uniqueGroupId('relay-crash'),
      GOLDEN_RELAY_BATCH_SIZE: '20',
    };
    try {
      const first = await startService(env);
      // No pause between reads: the kill must land while the relay is still publishing.
      await pollUntil(
        'the relay to publish its first batch',
        async () => (await topicOffsets(brokers, golden)).reduce((n, p) => n + p.high, 0),
        (n) => n > 0,
        30_000,
        0,
      );
      await first.kill('SIGKILL');
      const atKill = (await topicOffsets(brokers, golden)).reduce((n, p) => n + p.high, 0);
      expect(atKill).toBeGreaterThan(0);
      expect(atKill).toBeLessThan(expected.length); // really killed mid-publish

      const second = await startService(env);
      try {
        await pollUntil(
          'the outbox drained',
          () => pendingOutbox(db.url),
          (n) => n === 0,
        );
        expect(await pendingOutbox(db.url)).toBe(0);
      } finally {
        await second.kill('SIGTERM');
      }
      const total = (await topicOffsets(brokers, golden)).reduce((n, p) => n + p.high, 0);
      const events = parse(
        await consumeMessages(brokers, golden, {
          groupId: uniqueGroupId('reader'),
          count: total,
          timeoutMs: 30_000,
        }),
      );
      const seen = versionsByGolden(events);
      for (const [goldenId, versions] of versionsByGolden(expected)) {
        const got = seen.get(goldenId) ?? [];
        // At least once: every version arrives; a re-send may repeat a prefix, never skip or reorder.
        const deduped = got.filter((v, i) => got.indexOf(v) === i);
        expect(deduped).toEqual(versions);
      }
    } finally {
      await db.drop();
    }
  }, 180_000);
});
