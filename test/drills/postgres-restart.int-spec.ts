import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { patience, pollUntil } from '../support/poll';
import { createTopics, describeKafka, topicOffsets, uniqueGroupId, uniqueTopic } from '../support/kafka';
import { freePort, ServiceProcess, startService } from '../support/service-process';
import { committedOffsets, produceRaw } from '../ingestion/support/kafka-events';
import { budget, countOf, customerStream, drillEvents, MATCHERS_DIR, report, versionGaps } from './support';

const CI_EVENTS = 3300;

interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * The drill's own PostgreSQL, run by a child process through the service's startEmbeddedPostgres
 * (from the test build, as `npm start` runs it), which stops the server on SIGTERM.
 */
async function startEmbeddedPostgres(dir: string, port: number): Promise<EmbeddedDatabase> {
  const build = process.env.JOINERY_TEST_BUILD_DIR!;
  const script = `
    const { startEmbeddedPostgres } = require(${JSON.stringify(path.join(build, 'src/platform/database/embedded-postgres.js'))});
    startEmbeddedPostgres(${JSON.stringify(dir)}, ${port}, () => {}).then((db) => {
      process.stdout.write('READY ' + db.url + '\\n');
      process.once('SIGTERM', () => db.stop().then(() => process.exit(0), () => process.exit(1)));
    }, (e) => { console.error(e); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}: ${out}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Drill: stop PostgreSQL in the middle of a stream and start it again. The database is a separate
 * embedded PostgreSQL of the drill's own (its own port and data directory): the machine's server,
 * which other tests use, is never touched. The consumer must pause and retry, commit no offset past
 * work that is not applied, and catch up; the relay must drain the outbox afterwards.
 */
describeKafka('drill: PostgreSQL restart mid-stream', (brokers) => {
  const events = drillEvents(CI_EVENTS);
  const messages = customerStream(Math.round(events / 1.1), 13);
  const total = messages.length;
  const topic = uniqueTopic('joinery-drill.pg-restart');
  const group = uniqueGroupId('joinery-drill.pg-restart');
  const parent = mkdtempSync(path.join(os.tmpdir(), 'joinery-drill-pg-'));
  // As root, embedded-postgres runs the server as the `postgres` user, which must reach the directory.
  chmodSync(parent, 0o777);
  const dir = path.join(parent, 'data');
  let port: number;
  let pg: EmbeddedDatabase | undefined;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    port = await freePort();
    pg = await startEmbeddedPostgres(dir, port);
    await createTopics(brokers, [topic, `${topic}.dlq`], 3);
  }, patience(120_000));
  afterAll(async () => {
    await service?.kill('SIGKILL');
    await pg?.stop().catch(() => undefined);
    rmSync(path.dirname(dir), { recursive: true, force: true });
  }, patience(60_000));

  it(
    `pauses, commits nothing unapplied, and catches up (${total} events)`,
    async () => {
      const started = Date.now();
      const url = pg!.url;
      const processed = (): Promise<number> => countOf(url, `SELECT count(*) FROM processed_events`);
      const committed = async (): Promise<number> =>
        (await committedOffsets(brokers, group, topic)).filter((o) => o > 0).reduce((a, b) => a + b, 0);
      const head = Math.round(total * 0.8);
      await produceRaw(brokers, topic, messages.slice(0, head));
      service = await startService(
        {
          DATABASE_URL: url,
          MATCHERS_DIR,
          KAFKA_BROKERS: brokers.join(','),
          KAFKA_TOPIC_ENTITY_CHANGES: topic,
          KAFKA_TOPIC_DLQ: `${topic}.dlq`,
          KAFKA_TOPIC_GOLDEN_CHANGES: `${topic}.golden`,
          KAFKA_GROUP_ID: group,
        },
        60_000,
      );
      await pollUntil(
        'some events applied',
        processed,
        (n) => n >= total / 10,
        budget(30_000, total, CI_EVENTS),
      );
      await pg!.stop();
      const stoppedAt = Date.now();
      // While the database is down: the service stays up and the group's offsets do not move.
      const committedAtStop = await committed();
      // The rest of the stream arrives during the outage: the consumer fetches it and cannot apply it.
      await produceRaw(brokers, topic, messages.slice(head));
      // The consumer meets the outage: it retries (with backoff) instead of failing or skipping.
      const servicePort = service.port;
      const retries = await pollUntil(
        'the consumer to retry against the stopped database',
        async () => {
          const metrics = await (await fetch(`http://127.0.0.1:${servicePort}/metrics`)).text();
          return Number(/^joinery_ingestion_transient_retries_total (\d+)/m.exec(metrics)?.[1] ?? 0);
        },
        (n) => n > 0,
      );
      expect(service.child.exitCode).toBeNull();
      const committedDuringOutage = await committed();
      expect(committedDuringOutage).toBe(committedAtStop);

      pg = await startEmbeddedPostgres(dir, port);
      const downSeconds = (Date.now() - stoppedAt) / 1000;
      // Nothing was committed past applied work: every committed offset is in the ledger already.
      const appliedAtRestart = await processed();
      expect(appliedAtRestart).toBeGreaterThanOrEqual(committedDuringOutage);
      const restartedAt = Date.now();
      await pollUntil(
        'every event applied',
        processed,
        (n) => n === total,
        budget(120_000, total, CI_EVENTS),
      );
      const catchUpSeconds = (Date.now() - restartedAt) / 1000;
      await pollUntil('offsets committed to the end', committed, (n) => n === total, 60_000);
      await pollUntil(
        'the outbox drained',
        () => countOf(url, `SELECT count(*) FROM golden_outbox WHERE published_at IS NULL`),
        (n) => n === 0,
        60_000,
      );
      expect(service.child.exitCode).toBeNull();
      await service.kill('SIGTERM');
      expect(await countOf(url, `SELECT count(*) FROM source_record_history`)).toBe(
        await countOf(url, `SELECT count(*) FROM processed_events WHERE outcome = 'applied'`),
      );
      expect(await versionGaps(url)).toEqual([]);
      expect((await topicOffsets(brokers, `${topic}.dlq`)).reduce((n, p) => n + p.high, 0)).toBe(0);
      report('postgres-restart', {
        events: total,
        committedAtStop,
        committedDuringOutage,
        appliedAtRestart,
        transientRetries: retries,
        databaseDownSeconds: Number(downSeconds.toFixed(1)),
        catchUpSecondsAfterRestart: Number(catchUpSeconds.toFixed(1)),
        seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
      });
    },
    patience(budget(240_000, drillEvents(CI_EVENTS), CI_EVENTS)),
  );
});
