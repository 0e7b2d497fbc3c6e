import { startTestApp, TestApp } from '../support/app';
import { createTopics, describeKafka, uniqueGroupId, uniqueTopic } from '../support/kafka';
import { count, expectEventually, sql, testMatchersDir, upsert } from './support/fixtures';
import { committedTotal, keyed, produceRaw, RawMessage } from './support/kafka-events';

const PARTITIONS = 6;
const RECORDS_PER_PARTITION = 20;
const VERSIONS = 3;

/**
 * A backlog already waiting in every partition when the consumer starts: its first fetch hands all
 * six partitions' batches to the handlers at once. Each record's versions go to one partition, in
 * order, with the highest last.
 */
function backlog(prefix: string): RawMessage[] {
  const messages: RawMessage[] = [];
  for (let p = 0; p < PARTITIONS; p++)
    for (let v = 1; v <= VERSIONS; v++)
      for (let r = 0; r < RECORDS_PER_PARTITION; r++)
        messages.push({ ...keyed(upsert(`${prefix}-${p}-${r}`, v)), partition: p });
  return messages;
}

const total = PARTITIONS * RECORDS_PER_PARTITION * VERSIONS;

/** Starts a consumer on a topic that already holds the backlog; returns the app once all of it is committed. */
async function consume(brokers: string[], groupCommit: boolean, prefix: string): Promise<TestApp> {
  const topic = uniqueTopic(`joinery-test.group-commit-${groupCommit}`);
  const dlq = uniqueTopic('joinery-test.group-commit.dlq');
  const groupId = uniqueGroupId('joinery-test.group-commit');
  await createTopics(brokers, [topic, dlq], PARTITIONS);
  await produceRaw(brokers, topic, backlog(prefix));
  const app = await startTestApp({
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC_ENTITY_CHANGES: topic,
    KAFKA_TOPIC_DLQ: dlq,
    KAFKA_GROUP_ID: groupId,
    KAFKA_GROUP_COMMIT: String(groupCommit),
    MATCHERS_DIR: testMatchersDir(),
  });
  // Offsets are committed only after the transaction that holds their events committed.
  await expectEventually(
    async () => (await committedTotal(brokers, groupId, topic)) === total,
    120_000,
    'every offset committed',
  );
  return app;
}

/** Ingest transactions that held the backlog: processed_at is now(), the start of its transaction. */
async function transactions(url: string, prefix: string): Promise<number> {
  const [row] = await sql<{ n: string }>(
    url,
    `SELECT count(DISTINCT processed_at)::text AS n FROM processed_events WHERE event_id LIKE '${prefix}-%'`,
  );
  return Number(row.n);
}

describeKafka('Kafka ingestion, group commit', (brokers) => {
  let on: TestApp | undefined;
  let off: TestApp | undefined;
  afterAll(async () => {
    await on?.close();
    await off?.close();
  });

  it('ingests the chunks of all partitions of one fetch in one transaction, every record at its last version', async () => {
    on = await consume(brokers, true, 'GC');
    expect(await count(on.db.url, 'processed_events', `event_id LIKE 'GC-%'`)).toBe(total);
    // The first fetch brings the six partitions' 60 messages each: one transaction of 360 events.
    expect(await transactions(on.db.url, 'GC')).toBe(1);
    const versions = await sql<{ version: string; n: string }>(
      on.db.url,
      `SELECT version::text, count(*)::text AS n FROM source_records WHERE source_id LIKE 'GC-%' GROUP BY version`,
    );
    expect(versions).toEqual([{ version: String(VERSIONS), n: String(PARTITIONS * RECORDS_PER_PARTITION) }]);
    // Each record's history is its versions in order: nothing lost, nothing reordered.
    const histories = await sql<{ versions: string }>(
      on.db.url,
      `SELECT string_agg(h.version::text, ',' ORDER BY h.id) AS versions
         FROM source_record_history h JOIN source_records s ON s.id = h.record_id
        WHERE s.source_id LIKE 'GC-%' GROUP BY s.id`,
    );
    expect(new Set(histories.map((h) => h.versions))).toEqual(new Set(['1,2,3']));
    // Resolved in the same transactions: every record has its golden entity once its offset is committed.
    const [resolved] = await sql<{ n: string }>(
      on.db.url,
      `SELECT count(*)::text AS n FROM resolution_records r JOIN source_records s ON s.id = r.record_id
        WHERE s.source_id LIKE 'GC-%' AND r.golden_id IS NOT NULL`,
    );
    expect(Number(resolved.n)).toBe(PARTITIONS * RECORDS_PER_PARTITION);
  }, 180_000); // starts an app and consumes a backlog: slow on a loaded machine

  it('with KAFKA_GROUP_COMMIT=false, one transaction per partition chunk, the same store', async () => {
    off = await consume(brokers, false, 'GCOFF');
    expect(await count(off.db.url, 'processed_events', `event_id LIKE 'GCOFF-%'`)).toBe(total);
    expect(await transactions(off.db.url, 'GCOFF')).toBeGreaterThanOrEqual(PARTITIONS);
  }, 180_000);
});
