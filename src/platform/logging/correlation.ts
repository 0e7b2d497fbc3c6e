import { randomUUID } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { storage, Store } from 'nestjs-pino/storage';

/** The header a caller may set to follow its request through Joinery's logs; echoed on the response. */
export const REQUEST_ID_HEADER = 'x-request-id';

const ACCEPTED_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** The caller's id when it is a sane token, else a fresh one (never log an arbitrary header value). */
export function requestIdFrom(header: unknown): string {
  return typeof header === 'string' && ACCEPTED_ID.test(header) ? header : randomUUID();
}

/**
 * Runs `work` with `correlationId` on every log line it causes, through the AsyncLocalStorage that
 * nestjs-pino's loggers read: used per Kafka batch, as pino-http does per HTTP request. Without
 * the pino root logger (tests that run without logging) it just runs `work`.
 */
export function withCorrelationId<T>(correlationId: string, work: () => Promise<T>): Promise<T> {
  const root = (PinoLogger as unknown as { root?: import('pino').Logger }).root;
  if (!root) return work();
  return storage.run(new Store(root.child({ correlationId })), work);
}
