import path from 'node:path';
import { Client } from 'pg';

/**
 * Test databases: the global setup migrates one template database per migration set, and each
 * test file clones its own database from it (CREATE DATABASE ... TEMPLATE), which takes tens of
 * milliseconds instead of re-running every migration.
 */
export const TEST_DB_PREFIX = 'joinery_test_';

export function adminUrl(): string {
  const url = process.env.JOINERY_TEST_PG_ADMIN_URL;
  if (!url)
    throw new Error('JOINERY_TEST_PG_ADMIN_URL is unset: run integration tests through Jest (global setup)');
  return url;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery<T = unknown>(sql: string, url = adminUrl()): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The migrated template of one Jest run; the pid lets a later run tell a leftover from a live one. */
export function templateName(pid: number): string {
  return `${TEST_DB_PREFIX}${pid}_tpl`;
}

/** The service build of one Jest run, for the tests that run it as a child process. */
export function testBuildDir(repo: string, pid: number): string {
  return path.join(repo, '.joinery', `test-build-${pid}`);
}

/** Drops a database, template or not, even with connections open. */
export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`UPDATE pg_database SET datistemplate = false WHERE datname = '${name}'`);
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.JOINERY_TEST_PG_TEMPLATE;
  if (!template)
    throw new Error('JOINERY_TEST_PG_TEMPLATE is unset: run integration tests through Jest (global setup)');
  const name = `${TEST_DB_PREFIX}${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  // Concurrent clones of one template can collide on its lock; a short retry settles it.
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      break;
    } catch (e) {
      if (attempt >= 10 || !/being accessed by other users/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
    }
  }
  const url = withDatabase(adminUrl(), name);
  return {
    url,
    name,
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined),
  };
}
