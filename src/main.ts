import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap';
import { AppConfig, ConfigError, loadConfig } from './platform/config/app-config';
import {
  EmbeddedDatabase,
  EmbeddedPostgresError,
  startEmbeddedPostgres,
} from './platform/database/embedded-postgres';
import { runMigrations } from './platform/database/migrate';
import { createRootLogger, startupLogger } from './platform/logging/root-logger';

const logger = new Logger('Joinery');

async function resolveDatabase(
  config: AppConfig,
): Promise<{ url: string; embedded: EmbeddedDatabase | null }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: null };
  logger.log('DATABASE_URL is unset: starting the embedded PostgreSQL');
  const embedded = await startEmbeddedPostgres(config.EMBEDDED_PG_DIR, config.EMBEDDED_PG_PORT, (m) =>
    logger.log(m),
  );
  return { url: embedded.url, embedded };
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  // JSON log lines from here on; the application's LoggingModule takes over once it exists.
  Logger.overrideLogger(startupLogger(createRootLogger(config.LOG_LEVEL)));
  const { url, embedded } = await resolveDatabase(config);
  const applied = await runMigrations(url);
  logger.log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema is up to date');
  if (!config.kafkaBrokers)
    logger.warn('KAFKA_BROKERS is unset: Kafka is disabled, only REST ingestion is active');

  const app = await createApp(url, undefined, config);
  // Graceful shutdown: app.close() runs every module's shutdown hooks (the Kafka consumer
  // finishes and commits its batch in flight), then the embedded database stops after the pool.
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: shutting down`);
    app
      .close()
      .then(() => embedded?.stop())
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        logger.error(`shutdown failed: ${String(e)}`);
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  await app.listen(config.PORT);
  logger.log(`Joinery listening on port ${config.PORT}`);
}

main().catch((e: unknown) => {
  // Plain text, no stack: the message says what to do.
  if (e instanceof EmbeddedPostgresError) {
    console.error(e.message);
    process.exit(1);
  }
  logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
