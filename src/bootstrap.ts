import { INestApplication, Logger, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { APP_LOGGER } from './platform/logging/logging.module';
import { AppConfig } from './platform/config/app-config';
import { defaultConsoleDir, mountConsole } from './features/console/console-static';
import { HttpExceptionFilter } from './platform/common/errors/http-exception.filter';
import { createValidationPipe } from './platform/common/validation';
import { ParameterPipe } from './platform/common/parameter.pipe';
import { securityHeaders } from './platform/common/http/security-headers';

/**
 * Builds the HTTP application the same way for production (main.ts) and for e2e tests, so tests
 * exercise the real pipes, filters and body limits.
 */
export async function createApp(
  databaseUrl: string,
  logger: false | Logger | undefined = undefined,
  config?: AppConfig,
): Promise<INestApplication> {
  const app = await NestFactory.create(
    AppModule.forRoot({ databaseUrl, quietLogs: logger === false, config }),
    {
      bodyParser: false,
      logger: logger === false ? false : undefined,
      bufferLogs: logger !== false,
    },
  );
  // JSON logs through pino (LoggingModule); tests that pass `false` keep the application silent.
  if (logger !== false) app.useLogger(app.get<LoggerService>(APP_LOGGER));
  const express = app.getHttpAdapter().getInstance() as { disable(setting: string): void };
  express.disable('x-powered-by');
  // No ETag on API answers: they are never cached (Cache-Control: no-store, security-headers.ts), so
  // hashing every JSON body was work for nothing. The console's static files keep theirs (serve-static).
  express.disable('etag');
  app.use(securityHeaders);
  // The steward console's static files at /console (open: the page holds no data).
  mountConsole(app, app.get(AppConfig).CONSOLE_DIR ?? defaultConsoleDir());
  // No body parser here: bodies are read per route after authentication (BodyGuard).
  app.useGlobalPipes(new ParameterPipe(), createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  return app;
}
