import { DynamicModule, Module } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { REQUEST_ID_HEADER, requestIdFrom } from './correlation';
import { createRootLogger } from './root-logger';

/**
 * Structured JSON logs (pino through nestjs-pino). Every HTTP request gets a correlation id (the
 * caller's `x-request-id`, or a new one, echoed on the response) that is on every line logged while
 * serving it; Kafka batches get theirs from `withCorrelationId`. One line per completed request:
 * method, route path without query string, status and time, never a body.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: { quiet?: boolean } = {}): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            pinoHttp: {
              logger: createRootLogger(options.quiet ? 'silent' : config.LOG_LEVEL),
              quietReqLogger: true,
              customAttributeKeys: { reqId: 'correlationId' },
              genReqId: (req: IncomingMessage, res: ServerResponse) => {
                const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
                res.setHeader(REQUEST_ID_HEADER, id);
                return id;
              },
              serializers: {
                req: (req: { method?: string; url?: string }) => ({
                  method: req.method,
                  path: (req.url ?? '').split('?')[0],
                }),
                res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
              },
              customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
                err || res.statusCode >= 500 ? 'error' : 'info',
            },
          }),
        }),
      ],
    };
  }
}
