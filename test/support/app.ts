import { INestApplication } from '@nestjs/common';
import { createApp } from '../../src/bootstrap';
import type { ChangeEvent } from '../../src/core/ingestion/change-event.dto';
import { ChangeEventValidator } from '../../src/core/ingestion/change-event.validator';
import { createTestDatabase, TestDatabase } from './postgres';

/** The test apps' bootstrap admin key (ADMIN_API_KEY). */
export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';
/** Send this header to make a request without the default admin key (to test authentication). */
export const NO_AUTH_HEADER = 'x-test-no-auth';

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
  for (const [k, v] of Object.entries({ ADMIN_API_KEY: TEST_ADMIN_KEY, ...env })) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const db: TestDatabase = options.databaseUrl
    ? { url: options.databaseUrl, name: new URL(options.databaseUrl).pathname.slice(1), drop: async () => {} }
    : await createTestDatabase();
  const app = await createApp(db.url, false);
  // Test requests act as the admin unless they bring their own Authorization header or opt out with
  // NO_AUTH_HEADER: tests of a feature need not repeat authentication, and the auth tests opt out.
  app.use(
    (req: { headers: Record<string, string | string[] | undefined> }, _res: unknown, next: () => void) => {
      if (!req.headers.authorization && req.headers[NO_AUTH_HEADER] === undefined) {
        req.headers.authorization = `Bearer ${TEST_ADMIN_KEY}`;
      }
      next();
    },
  );
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

/** The items as the app's validator accepts them (to call IngestionService or BackfillService directly); throws on an invalid one. */
export function validatedEvents(t: TestApp, items: readonly unknown[]): ChangeEvent[] {
  const validator = t.app.get(ChangeEventValidator);
  return items.map((item) => {
    const v = validator.validate(item);
    if (!v.ok) throw new Error(JSON.stringify(v.error));
    return v.event;
  });
}
