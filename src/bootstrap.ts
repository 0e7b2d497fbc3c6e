import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { json, text } from 'express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { defaultConsoleDir, mountConsole } from './console/console-static';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { createValidationPipe } from './common/validation';

/**
 * Builds the HTTP application the same way for production (main.ts) and for e2e tests, so tests
 * exercise the real pipes, filters and body limits.
 */
export async function createApp(
  databaseUrl: string,
  logger: false | Logger | undefined = undefined,
): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot({ databaseUrl, quietLogs: logger === false }), {
    bodyParser: false,
    logger: logger === false ? false : undefined,
    bufferLogs: logger !== false,
  });
  // JSON logs through pino (LoggingModule); tests that pass `false` keep the application silent.
  if (logger !== false) app.useLogger(app.get(PinoNestLogger));
  // The steward console's static files at /console (open: the page holds no data).
  mountConsole(app, app.get(AppConfig).CONSOLE_DIR ?? defaultConsoleDir());
  // 1,000 events of up to a few KB each fit well inside 16 MB; anything larger is refused with 413.
  app.use(json({ limit: '16mb' }));
  // Matcher configs are posted as YAML text (POST /v1/admin/matchers/{entityType}/diff and /apply).
  app.use(
    text({ type: ['text/plain', 'text/yaml', 'application/yaml', 'application/x-yaml'], limit: '1mb' }),
  );
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  return app;
}
