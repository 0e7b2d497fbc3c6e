import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { storage } from 'nestjs-pino/storage';
import type { Logger } from 'pino';
import { REQUEST_ID_HEADER, requestIdFrom } from './correlation';

/** The application's root pino logger (logging.module.ts). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * What nestjs-pino's loggers read from the AsyncLocalStorage while a request is served: a child of
 * the root logger carrying the correlation id, made only when a line is logged. Most requests log
 * nothing below LOG_LEVEL, and a pino child costs its bindings' serialization and redaction.
 */
class RequestStore {
  readonly responseLogger = undefined;
  private child: Logger | undefined;

  constructor(
    private readonly root: Logger,
    private readonly correlationId: string,
  ) {}

  get logger(): Logger {
    return (this.child ??= this.root.child({ correlationId: this.correlationId }));
  }

  /** PinoLogger.assign replaces it with a child of more bindings. */
  set logger(logger: Logger) {
    this.child = logger;
  }
}

/**
 * Every HTTP request gets a correlation id (the caller's `x-request-id` when it is a sane token,
 * else a new one, echoed on the response) that is on every line logged while serving it, and one
 * line when it completes: method, path without query string, status and time in ms, never a body
 * (error level for a 5xx, info otherwise, so nothing is built at LOG_LEVEL=warn for a 2xx).
 */
@Injectable()
export class RequestLogMiddleware implements NestMiddleware {
  constructor(@Inject(ROOT_LOGGER) private readonly root: Logger) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const began = Date.now();
    const correlationId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, correlationId);
    let done = false;
    const complete = (): void => {
      if (done) return;
      done = true;
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : 'info';
      if (!this.root.isLevelEnabled(level)) return;
      const line = {
        correlationId,
        req: { method: req.method, path: (req.originalUrl ?? req.url ?? '').split('?')[0] },
        res: { statusCode: status },
        responseTime: Date.now() - began,
      };
      if (level === 'error')
        this.root.error({ ...line, err: new Error(`failed with status code ${status}`) }, 'request errored');
      else this.root.info(line, 'request completed');
    };
    res.once('finish', complete);
    res.once('close', complete);
    storage.run(new RequestStore(this.root, correlationId), next);
  }
}
