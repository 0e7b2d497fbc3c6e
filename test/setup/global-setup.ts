import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { runMigrations } from '../../src/platform/database/migrate';
import {
  adminQuery,
  dropDatabase,
  TEST_DB_PREFIX,
  templateName,
  testBuildDir,
  withDatabase,
} from '../support/postgres';
import { ensureKafka } from './kafka-broker';
import { ensurePostgres } from './postgres-server';

/**
 * Provisions the real infrastructure once per Jest run and hands it to the test files through
 * environment variables (which Jest workers inherit):
 * - JOINERY_TEST_PG_ADMIN_URL / JOINERY_TEST_PG_TEMPLATE: a migrated template database to clone;
 * - JOINERY_TEST_KAFKA_BROKERS: the broker list, or '' when no broker could be had outside CI;
 * - JOINERY_TEST_BUILD_DIR: the service and the benches compiled from the current sources, for
 *   child-process tests.
 */
export default async function globalSetup(): Promise<void> {
  // No automatic corpus-statistics refresh in tests unless a test turns it on: a snapshot counts the
  // records stored at the moment a timer fires, and tests that compare partitions (arrival orders,
  // a killed run against a clean one) need the partition to depend on the records alone.
  process.env.CORPUS_STATS_GROWTH_FACTOR ??= '0';
  const pg = await ensurePostgres();
  process.env.JOINERY_TEST_PG_ADMIN_URL = pg.url;

  // Leftovers of crashed runs would otherwise accumulate on a developer's server.
  const stale = await adminQuery<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE '${TEST_DB_PREFIX}%'`,
  );
  // Only databases whose test process is gone: another Jest run on the same server (a second
  // developer, a watch run) still uses its own. Names are `${TEST_DB_PREFIX}<pid>_...`.
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  };
  for (const { datname } of stale) {
    const pid = Number(/^\D+_(\d+)_/.exec(datname)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) continue;
    await dropDatabase(datname);
  }

  // One template per run (named with this process's pid): concurrent runs never drop each other's.
  const template = templateName(process.pid);
  await dropDatabase(template);
  await adminQuery(`CREATE DATABASE "${template}"`);
  await runMigrations(withDatabase(pg.url, template));
  await adminQuery(`UPDATE pg_database SET datistemplate = true WHERE datname = '${template}'`);
  process.env.JOINERY_TEST_PG_TEMPLATE = template;

  // Tests that kill and restart the real service, and the benches' smoke runs, run this fresh
  // build of the current sources.
  const repo = path.resolve(__dirname, '../..');
  const build = testBuildDir(repo, process.pid);
  rmSync(build, { recursive: true, force: true });
  execFileSync(
    path.join(repo, 'node_modules/.bin/swc'),
    ['src', 'migrations', 'bench', '-d', build, '--quiet'],
    {
      cwd: repo,
      stdio: 'inherit',
    },
  );
  process.env.JOINERY_TEST_BUILD_DIR = build;

  const kafka = await ensureKafka();
  process.env.JOINERY_TEST_KAFKA_BROKERS = kafka.brokers?.join(',') ?? '';
  if (!kafka.brokers) process.env.JOINERY_TEST_KAFKA_SKIP_REASON = kafka.reason ?? 'no Kafka broker';
  (globalThis as { __joineryKafka?: unknown }).__joineryKafka = kafka;
  console.log(
    `\n[test setup] PostgreSQL: ${pg.source}; Kafka: ${kafka.brokers ? kafka.brokers.join(',') : `unavailable (${kafka.reason})`}`,
  );
}
