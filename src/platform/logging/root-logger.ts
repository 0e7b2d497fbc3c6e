import pino, { Logger } from 'pino';

/**
 * Fields that may hold source attribute values (PII): whatever their nesting in a log object, pino
 * replaces them with `[redacted]`. Nothing in Joinery logs them on purpose; this list is the net
 * under that rule. Request and response bodies are never logged (the HTTP serializers below keep
 * only method, path without query string, and status).
 */
export const REDACTED_FIELDS = [
  'attributes',
  'before',
  'after',
  'payload',
  'prepared',
  'explanation',
  'body',
  'query',
  'email',
  'phone',
  'name',
] as const;

const REDACT_PATHS = [
  ...REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
];

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The process's root logger: JSON lines on stdout, ISO times, PII fields redacted. */
export function createRootLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'joinery' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}

/**
 * A Nest LoggerService over `root`, for main.ts to log JSON from its first line (before the Nest
 * application, and its LoggingModule, exist).
 */
export function startupLogger(root: Logger): import('@nestjs/common').LoggerService {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- nestjs-pino is loaded lazily: CLI commands never need it
  const { Logger: NestPinoLogger, PinoLogger } = require('nestjs-pino') as typeof import('nestjs-pino');
  return new NestPinoLogger(new PinoLogger({ pinoHttp: { logger: root } }), {});
}
