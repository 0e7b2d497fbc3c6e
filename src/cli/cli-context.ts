import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import path from 'node:path';
import { AppModule } from '../app.module';
import { loadConfig } from '../platform/config/app-config';
import { startEmbeddedPostgres } from '../platform/database/embedded-postgres';
import { runMigrations } from '../platform/database/migrate';

/**
 * Runs `work` inside a Nest application context built like the server's (same modules, same
 * configuration, same database: DATABASE_URL or the embedded one), but without HTTP and without
 * Kafka consumers. Migrations run first, as at server start-up.
 */
export async function withAppContext<T>(work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const embedded = config.DATABASE_URL
    ? null
    : await startEmbeddedPostgres(config.EMBEDDED_PG_DIR, config.EMBEDDED_PG_PORT, (m) => console.error(m));
  try {
    const url = config.DATABASE_URL ?? embedded!.url;
    await runMigrations(url);
    // Only warnings and errors: the module-by-module start-up log would bury the command's output.
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot({ databaseUrl: url, consumers: false, config }),
      {
        logger: ['error', 'warn'],
      },
    );
    try {
      return await work(app);
    } finally {
      await app.close();
    }
  } finally {
    await embedded?.stop();
  }
}

/**
 * A path given on the command line, relative to where the user typed it: `npm run` switches to the
 * package directory but keeps the original one in INIT_CWD.
 */
export function userPath(p: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), p);
}
