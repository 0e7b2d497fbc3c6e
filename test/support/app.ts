import { INestApplication } from '@nestjs/common';
import { createApp } from '../../src/bootstrap';
import { createTestDatabase, TestDatabase } from './postgres';

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  close(): Promise<void>;
}

/**
 * A full Joinery HTTP application on its own fresh database, configured through `env` (applied to
 * process.env before Nest reads its config, and restored on close).
 */
export async function startTestApp(env: Record<string, string | undefined> = {}): Promise<TestApp> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const db = await createTestDatabase();
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
