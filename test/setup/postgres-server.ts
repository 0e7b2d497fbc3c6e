import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/platform/database/embedded-postgres';

/**
 * Where the tests get PostgreSQL: TEST_DATABASE_URL, else the local server at 127.0.0.1:5432
 * (user postgres, trust auth, as on CI machines), else an embedded one under .joinery/test-pg.
 * Returns an admin URL (a database the tests may CREATE DATABASE from).
 */
export async function ensurePostgres(): Promise<{ url: string; source: string; stop?: () => Promise<void> }> {
  if (process.env.TEST_DATABASE_URL)
    return { url: process.env.TEST_DATABASE_URL, source: 'TEST_DATABASE_URL' };
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await canConnect(local)) return { url: local, source: 'local server 127.0.0.1:5432' };
  const embedded = await startEmbeddedPostgres('.joinery/test-pg', 54331, () => undefined);
  return {
    url: embedded.url.replace(/\/joinery$/, '/postgres'),
    source: 'embedded PostgreSQL',
    stop: embedded.stop,
  };
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
