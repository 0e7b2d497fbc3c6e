import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { setCorrelationRoot } from './correlation';
import { RequestLogMiddleware, ROOT_LOGGER } from './request-log.middleware';
import { createRootLogger, startupLogger } from './root-logger';

/** The Nest LoggerService writing JSON lines through the root logger: `app.useLogger(app.get(APP_LOGGER))`. */
export const APP_LOGGER = Symbol('APP_LOGGER');

/**
 * Structured JSON logs (pino, read through nestjs-pino's Nest logger). Every HTTP request gets a
 * correlation id and one line when it completes (RequestLogMiddleware); Kafka batches get theirs
 * from `withCorrelationId`.
 */
@Module({})
export class LoggingModule implements NestModule {
  static forRoot(options: { quiet?: boolean } = {}): DynamicModule {
    return {
      module: LoggingModule,
      providers: [
        {
          provide: ROOT_LOGGER,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => {
            const root = createRootLogger(options.quiet ? 'silent' : config.LOG_LEVEL);
            setCorrelationRoot(root);
            return root;
          },
        },
        { provide: APP_LOGGER, inject: [ROOT_LOGGER], useFactory: (root: Logger) => startupLogger(root) },
        RequestLogMiddleware,
      ],
      exports: [APP_LOGGER],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestLogMiddleware).forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }
}
