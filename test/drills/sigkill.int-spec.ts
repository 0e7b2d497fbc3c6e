import { patience, pollUntil } from '../support/poll';
import { createTopics, describeKafka, uniqueGroupId, uniqueTopic } from '../support/kafka';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { ServiceProcess, startService } from '../support/service-process';
import { produceRaw } from '../ingestion/support/kafka-events';
import {
  budget,
  countOf,
  customerStream,
  drillEvents,
  MATCHERS_DIR,
  partitionOf,
  recordDigest,
  report,
  versionGaps,
} from './support';

const CI_EVENTS = 4400;

/**
 * Drill: SIGKILL the service in the middle of a stream of customer change events, restart it, and
 * compare the end state with a clean run of the same stream on another database: the same source
 * records, the same partition into golden entities, and per golden id outbox versions 1..n.
 * CI runs 4,400 events; `npm run drill:sigkill` runs 50,000.
 */
describeKafka('drill: SIGKILL mid-stream', (brokers) => {
  const events = drillEvents(CI_EVENTS);
  const messages = customerStream(Math.round(events / 1.1));
  const total = messages.length;
  const topic = uniqueTopic('joinery-drill.sigkill');
  const services = new Set<ServiceProcess>();
  const dbs: TestDatabase[] = [];

  const run = async (db: TestDatabase, group: string): Promise<ServiceProcess> => {
    const s = await startService(
      {
        DATABASE_URL: db.url,
        MATCHERS_DIR,
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_TOPIC_ENTITY_CHANGES: topic,
        KAFKA_TOPIC_DLQ: `${topic}.dlq`,
        KAFKA_TOPIC_GOLDEN_CHANGES: `${topic}.golden.${group}`,
        KAFKA_GROUP_ID: group,
      },
      60_000,
    );
    services.add(s);
    return s;
  };
  const processed = (db: TestDatabase): Promise<number> =>
    countOf(db.url, `SELECT count(*) FROM processed_events`);

  beforeAll(async () => {
    await createTopics(brokers, [topic, `${topic}.dlq`], 3);
  });
  afterAll(async () => {
    for (const s of services) await s.kill('SIGKILL');
    for (const db of dbs) await db.drop();
  });

  it(
    `ends in the state of a clean run (${total} events)`,
    async () => {
      const started = Date.now();
      const [killedDb, cleanDb] = [await createTestDatabase(), await createTestDatabase()];
      dbs.push(killedDb, cleanDb);
      const group = uniqueGroupId('joinery-drill.sigkill');
      await produceRaw(brokers, topic, messages.slice(0, total / 2));
      const first = await run(killedDb, group);
      const producing = produceRaw(brokers, topic, messages.slice(total / 2));
      await pollUntil(
        'a third of the stream applied',
        () => processed(killedDb),
        (n) => n >= total / 3,
        budget(90_000, total, CI_EVENTS),
      );
      await first.kill('SIGKILL');
      services.delete(first);
      const atKill = await processed(killedDb);
      expect(atKill).toBeLessThan(total); // killed in the middle, or the drill proves nothing
      await producing;

      const restartedAt = Date.now();
      const second = await run(killedDb, group);
      await pollUntil(
        'every event applied after the restart',
        () => processed(killedDb),
        (n) => n === total,
        budget(90_000, total, CI_EVENTS),
      );
      const recoverySeconds = (Date.now() - restartedAt) / 1000;
      await second.kill('SIGTERM');
      services.delete(second);

      const clean = await run(cleanDb, uniqueGroupId('joinery-drill.clean'));
      await pollUntil(
        'the clean run',
        () => processed(cleanDb),
        (n) => n === total,
        budget(90_000, total, CI_EVENTS),
      );
      await clean.kill('SIGTERM');
      services.delete(clean);

      expect(await recordDigest(killedDb.url)).toEqual(await recordDigest(cleanDb.url));
      const partition = await partitionOf(killedDb.url);
      expect(partition).toEqual(await partitionOf(cleanDb.url));
      expect(await versionGaps(killedDb.url)).toEqual([]);
      expect(await versionGaps(cleanDb.url)).toEqual([]);
      expect(await countOf(killedDb.url, `SELECT count(*) FROM source_record_history`)).toBe(
        await countOf(cleanDb.url, `SELECT count(*) FROM source_record_history`),
      );
      report('sigkill', {
        events: total,
        appliedBeforeKill: atKill,
        recoverySeconds: Number(recoverySeconds.toFixed(1)),
        goldenEntities: partition.length,
        multiRecordEntities: partition.filter((p) => p.length > 1).length,
        outboxEvents: await countOf(killedDb.url, `SELECT count(*) FROM golden_outbox`),
        versionGaps: 0,
        seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
      });
    },
    patience(budget(300_000, drillEvents(CI_EVENTS), CI_EVENTS)),
  );
});
