import { INestApplication } from '@nestjs/common';
import { createApp } from '../../src/bootstrap';
import { createTestDatabase, TestDatabase } from './postgres';

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /**
   * Run on this existing database instead of a fresh one, and leave it in place on close: its
   * owner drops it. For tests that restart the service on the same data (another matcher config).
   */
  databaseUrl?: string;
}

/**
 * A full Joinery HTTP application on its own fresh database, configured through `env` (applied to
 * process.env before Nest reads its config, and restored on close).
 */
export async function startTestApp(
  env: Record<string, string | undefined> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const db: TestDatabase = options.databaseUrl
    ? { url: options.databaseUrl, name: new URL(options.databaseUrl).pathname.slice(1), drop: async () => {} }
    : await createTestDatabase();
  const app = await createApp(db.url, false);
  await app.init();
  return {
    app,
    db,
    close: async () => {
      await app.close();
      await db.drop();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
  };
}
