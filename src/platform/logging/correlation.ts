import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { storage, Store } from 'nestjs-pino/storage';

/** The header a caller may set to follow its request through Joinery's logs; echoed on the response. */
export const REQUEST_ID_HEADER = 'x-request-id';

const ACCEPTED_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** The caller's id when it is a sane token, else a fresh one (never log an arbitrary header value). */
export function requestIdFrom(header: unknown): string {
  return typeof header === 'string' && ACCEPTED_ID.test(header) ? header : randomUUID();
}

let root: Logger | undefined;

/** The application's root logger, set once by LoggingModule. */
export function setCorrelationRoot(logger: Logger): void {
  root = logger;
}

/**
 * Runs `work` with `correlationId` on every log line it causes, through the AsyncLocalStorage that
 * nestjs-pino's loggers read: used per Kafka batch, as RequestLogMiddleware does per HTTP request.
 * Without the root logger (code run without the LoggingModule) it just runs `work`.
 */
export function withCorrelationId<T>(correlationId: string, work: () => Promise<T>): Promise<T> {
  if (!root) return work();
  return storage.run(new Store(root.child({ correlationId })), work);
}
