import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTopics, describeKafka, uniqueGroupId, uniqueTopic } from '../support/kafka';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { count, expectEventually, sql, testMatchersDir, upsert } from './support/fixtures';
import { committedOffsets, keyed, produceRaw } from './support/kafka-events';
import { patience } from '../support/poll';

const ROOT = path.resolve(__dirname, '../..');
const TOTAL = 10_000;

/**
 * The real service as a child process, killed with SIGKILL in the middle of a stream and restarted
 * on the same consumer group: every event must end up applied exactly once (the database commit
 * and the offset commit are not atomic; the idempotency ledger closes the gap).
 */
describeKafka('Kafka ingestion across a SIGKILL', (brokers) => {
  const topic = uniqueTopic('joinery-test.crash.changes');
  const dlq = uniqueTopic('joinery-test.crash.dlq');
  const groupId = uniqueGroupId('joinery-test.crash');
  const matchersDir = testMatchersDir();
  let buildDir: string;
  let db: TestDatabase;
  const children = new Set<ChildProcess>();
  const output: string[] = [];

  beforeAll(async () => {
    // Compile exactly the code under test (a stale dist/ would prove nothing); swc takes about a second.
    buildDir = mkdtempSync(path.join(os.tmpdir(), 'joinery-build-'));
    execFileSync(
      process.execPath,
      [require.resolve('@swc/cli/bin/swc.js'), 'src', 'migrations', '-d', buildDir, '--quiet'],
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
    await createTopics(brokers, [topic, dlq], 3);
    db = await createTestDatabase();
  }, 60_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await db?.drop();
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  function startService(name: string): ChildProcess {
    const child = spawn(process.execPath, [path.join(buildDir, 'src/main.js')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        // The compiled files live outside the repository: resolve packages from its node_modules.
        NODE_PATH: path.join(ROOT, 'node_modules'),
        DATABASE_URL: db.url,
        PORT: '0',
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_TOPIC_ENTITY_CHANGES: topic,
        KAFKA_TOPIC_DLQ: dlq,
        KAFKA_GROUP_ID: groupId,
        MATCHERS_DIR: matchersDir,
        NO_COLOR: '1',
      },
    });
    children.add(child);
    const log = (chunk: Buffer): number => output.push(`[${name}] ${chunk.toString()}`);
    child.stdout?.on('data', log);
    child.stderr?.on('data', log);
    child.on('exit', () => children.delete(child));
    return child;
  }

  const exited = (child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null)
        resolve({ code: child.exitCode, signal: child.signalCode });
      else child.once('exit', (code, signal) => resolve({ code, signal }));
    });

  it(
    'applies every one of 10,000 events exactly once although the consumer was killed mid-stream',
    async () => {
      const messages = Array.from({ length: TOTAL }, (_, i) => keyed(upsert(`CRASH-${i}`, 1)));
      await produceRaw(brokers, topic, messages.slice(0, TOTAL / 2));

      const started = Date.now();
      const first = startService('first');
      // The second half arrives while the first instance consumes.
      const producing = produceRaw(brokers, topic, messages.slice(TOTAL / 2));
      try {
        await expectEventually(
          async () => (await count(db.url, 'processed_events')) >= 1000,
          120_000,
          'the first instance to apply some events',
        );
      } catch (e) {
        throw new Error(`${String(e)}\n--- service output ---\n${output.join('')}`);
      }
      first.kill('SIGKILL');
      expect((await exited(first)).signal).toBe('SIGKILL');
      const atKill = await count(db.url, 'processed_events');
      expect(atKill).toBeLessThan(TOTAL); // killed in the middle, or the test proves nothing
      await producing;

      const second = startService('second');
      try {
        await expectEventually(
          async () => (await count(db.url, 'processed_events')) === TOTAL,
          180_000,
          'all events applied after the restart',
        );
      } catch (e) {
        throw new Error(`${String(e)}\n--- service output ---\n${output.join('')}`);
      }
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `[bench] SIGKILL test: ${atKill} events applied before the kill; all ${TOTAL} after restart, ${seconds.toFixed(1)} s in all`,
      );

      // Graceful shutdown: SIGTERM finishes and commits the batch in flight, leaves the group, exits 0.
      const stopAt = Date.now();
      second.kill('SIGTERM');
      expect(await exited(second)).toEqual({ code: 0, signal: null });
      console.log(`[bench] graceful shutdown (SIGTERM to exit) took ${Date.now() - stopAt} ms`);
      expect((await committedOffsets(brokers, groupId, topic)).reduce((a, b) => a + b, 0)).toBe(TOTAL);

      expect(await count(db.url, 'source_records')).toBe(TOTAL);
      expect(await count(db.url, 'source_record_history')).toBe(TOTAL);
      expect(await count(db.url, 'processed_events', `outcome = 'applied'`)).toBe(TOTAL);
      const duplicated = await sql(
        db.url,
        `SELECT event_id FROM source_record_history GROUP BY event_id HAVING count(*) > 1`,
      );
      expect(duplicated).toEqual([]);
    },
    patience(360_000),
  );
});
