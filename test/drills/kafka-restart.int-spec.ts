import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { consumeMessages, createTopics, describeKafka, topicOffsets, uniqueGroupId } from '../support/kafka';
import { patience, pollUntil } from '../support/poll';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { ServiceProcess, startService } from '../support/service-process';
import { committedOffsets, produceRaw } from '../ingestion/support/kafka-events';
import {
  budget,
  countOf,
  customerStream,
  drillEvents,
  MATCHERS_DIR,
  query,
  report,
  REPO,
  versionGaps,
} from './support';

const run = promisify(execFile);
const CI_EVENTS = 3300;

/**
 * A broker of the drill's own, on other ports, so the shared test broker is never stopped. Started
 * and stopped by scripts/kafka (by its PID file), keeping its data across the restart.
 */
class DrillBroker {
  readonly env = {
    KAFKA_PORT: '19192',
    KAFKA_CONTROLLER_PORT: '19193',
    KAFKA_WORK: path.join(mkdtempSync(path.join(os.tmpdir(), 'joinery-drill-kafka-')), 'work'),
    KAFKA_KEEP_DATA: '1',
  };
  readonly brokers = ['127.0.0.1:19192'];

  async start(): Promise<void> {
    await run('bash', [path.join(REPO, 'scripts/kafka/start-kafka.sh')], {
      env: { ...process.env, ...this.env },
    });
  }

  async stop(keepData = true): Promise<void> {
    await run('bash', [path.join(REPO, 'scripts/kafka/stop-kafka.sh')], {
      env: { ...process.env, ...this.env, KAFKA_KEEP_DATA: keepData ? '1' : '' },
    });
  }
}

/**
 * Drill: stop the Kafka broker in the middle of a stream and start it again on the same data. The
 * consumer and the golden-event relay must recover by themselves: every event applied once, every
 * outbox event published, offsets committed to the end, nothing dead-lettered.
 */
describeKafka('drill: Kafka broker restart mid-stream', () => {
  const events = drillEvents(CI_EVENTS);
  const messages = customerStream(Math.round(events / 1.1), 11);
  const total = messages.length;
  const broker = new DrillBroker();
  const topic = 'joinery-drill.kafka-restart.changes';
  const golden = 'joinery-drill.kafka-restart.golden';
  const group = uniqueGroupId('joinery-drill.kafka-restart');
  let db: TestDatabase;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    await broker.start();
    await createTopics(broker.brokers, [topic, `${topic}.dlq`, golden], 3);
    db = await createTestDatabase();
  }, patience(120_000));
  afterAll(async () => {
    await service?.kill('SIGKILL');
    await broker.stop(false).catch(() => undefined);
    await db?.drop();
  }, patience(60_000));

  it(
    `loses nothing across a broker restart (${total} events)`,
    async () => {
      const started = Date.now();
      const processed = (): Promise<number> => countOf(db.url, `SELECT count(*) FROM processed_events`);
      const head = Math.round(total * 0.8);
      await produceRaw(broker.brokers, topic, messages.slice(0, head));
      service = await startService(
        {
          DATABASE_URL: db.url,
          MATCHERS_DIR,
          KAFKA_BROKERS: broker.brokers.join(','),
          KAFKA_TOPIC_ENTITY_CHANGES: topic,
          KAFKA_TOPIC_DLQ: `${topic}.dlq`,
          KAFKA_TOPIC_GOLDEN_CHANGES: golden,
          KAFKA_GROUP_ID: group,
        },
        60_000,
      );
      await pollUntil(
        'some events applied',
        processed,
        (n) => n >= total / 20,
        budget(30_000, total, CI_EVENTS),
      );
      const stoppedAt = Date.now();
      await broker.stop();
      const atStop = await processed();
      expect(atStop).toBeLessThan(total); // stopped mid-stream: the tail is produced after the restart
      // While the broker is down the service stays up and keeps applying what it had fetched, then
      // waits: its readiness reports Kafka down, and the process lives on.
      const servicePort = service.port;
      await pollUntil(
        'the service to see the broker down',
        async () =>
          (
            (await (await fetch(`http://127.0.0.1:${servicePort}/health/ready`)).json()) as {
              checks: { kafka: string };
            }
          ).checks.kafka,
        (kafka) => kafka === 'down',
      );
      expect(service.child.exitCode).toBeNull();
      const duringOutage = await processed();
      await broker.start();
      const downSeconds = (Date.now() - stoppedAt) / 1000;
      const restartedAt = Date.now();
      await produceRaw(broker.brokers, topic, messages.slice(head));

      await pollUntil(
        'every event applied',
        processed,
        (n) => n === total,
        budget(120_000, total, CI_EVENTS),
      );
      const catchUpSeconds = (Date.now() - restartedAt) / 1000;
      await pollUntil(
        'the outbox published',
        () => countOf(db.url, `SELECT count(*) FROM golden_outbox WHERE published_at IS NULL`),
        (n) => n === 0,
        60_000,
      );
      await pollUntil(
        'offsets committed to the end',
        () => committedOffsets(broker.brokers, group, topic),
        (o) => o.reduce((a, b) => a + b, 0) === total,
        30_000,
      );
      expect(service.child.exitCode).toBeNull();
      await service.kill('SIGTERM');

      // Every outbox event is on the golden topic (at least once), in version order per golden id.
      const outbox = await query<{ golden_id: string; version: number }>(
        db.url,
        `SELECT golden_id, version FROM golden_outbox ORDER BY id`,
      );
      const published = (await topicOffsets(broker.brokers, golden)).reduce((n, p) => n + p.high, 0);
      const seen = new Map<string, number[]>();
      for (const m of await consumeMessages(broker.brokers, golden, {
        groupId: uniqueGroupId('drill-reader'),
        count: published,
        timeoutMs: 60_000,
      })) {
        const e = JSON.parse(m.value!) as { goldenId: string; version: number };
        const got = seen.get(e.goldenId) ?? [];
        if (!got.includes(e.version)) got.push(e.version);
        seen.set(e.goldenId, got);
      }
      const expected = new Map<string, number[]>();
      for (const r of outbox) expected.set(r.golden_id, [...(expected.get(r.golden_id) ?? []), r.version]);
      expect(seen).toEqual(expected);
      expect(await versionGaps(db.url)).toEqual([]);
      // Exactly once: one ledger row and at most one history row per event.
      expect(await countOf(db.url, `SELECT count(*) FROM source_record_history`)).toBe(
        await countOf(db.url, `SELECT count(*) FROM processed_events WHERE outcome = 'applied'`),
      );
      expect((await topicOffsets(broker.brokers, `${topic}.dlq`)).reduce((n, p) => n + p.high, 0)).toBe(0);
      report('kafka-restart', {
        events: total,
        appliedAtStop: atStop,
        appliedWhileDown: duringOutage - atStop,
        brokerDownSeconds: Number(downSeconds.toFixed(1)),
        catchUpSecondsAfterRestart: Number(catchUpSeconds.toFixed(1)),
        outboxEvents: outbox.length,
        goldenMessagesPublished: published,
        duplicatesPublished: published - outbox.length,
        seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
      });
    },
    patience(budget(300_000, drillEvents(CI_EVENTS), CI_EVENTS)),
  );
});
