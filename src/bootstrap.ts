import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { json } from 'express';
import { AppModule } from './app.module';
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
  const app = await NestFactory.create(AppModule.forRoot({ databaseUrl }), {
    bodyParser: false,
    logger: logger === false ? false : undefined,
  });
  // 1,000 events of up to a few KB each fit well inside 16 MB; anything larger is refused with 413.
  app.use(json({ limit: '16mb' }));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  return app;
}
