import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException } from './domain.exception';
import { ErrorCode } from './error-codes';

/** Unread request bodies up to this size are drained after an early refusal; larger ones close. */
const DRAIN_LIMIT_BYTES = 1024 * 1024;

/** The single error shape of the REST API: `{ code, message, details }`. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details: unknown;
}

export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'COMMON.VALIDATION_FAILED':
    case 'INGESTION.INVALID_EVENT':
    case 'INGESTION.UNKNOWN_ENTITY_TYPE':
    case 'XREF.UNKNOWN_ENTITY_TYPE':
    case 'ADMIN.INVALID_MATCHER_CONFIG':
    case 'COMMON.INVALID_ENCODING':
      return HttpStatus.BAD_REQUEST;
    case 'COMMON.UNSUPPORTED_MEDIA_TYPE':
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    // Per-event codes of `POST /v1/events` results; the call itself answers 200.
    case 'INGESTION.PROCESSING_FAILED':
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case 'INGESTION.EVENT_ID_CONFLICT':
      return HttpStatus.CONFLICT;
    case 'COMMON.NOT_FOUND':
    case 'XREF.UNKNOWN_KEY':
    case 'GOLDEN.UNKNOWN_ID':
    case 'STEWARDSHIP.REVIEW_ITEM_NOT_FOUND':
    case 'STEWARDSHIP.UNKNOWN_RECORD':
    case 'STEWARDSHIP.UNKNOWN_GOLDEN_ID':
    case 'STEWARDSHIP.CONSTRAINT_NOT_FOUND':
    case 'ADMIN.JOB_NOT_FOUND':
      return HttpStatus.NOT_FOUND;
    // A steward acted on a state that does not allow it (closed item, retired entity, contradicting
    // constraint, a guard refusing the link): nothing was changed, the details say why.
    case 'STEWARDSHIP.REVIEW_CLOSED':
    case 'STEWARDSHIP.GOLDEN_NOT_ACTIVE':
    case 'STEWARDSHIP.NOT_A_MEMBER':
    case 'STEWARDSHIP.CONSTRAINT_REVOKED':
    case 'STEWARDSHIP.CONSTRAINT_EXISTS':
    case 'STEWARDSHIP.CONSTRAINT_CONFLICT':
    case 'STEWARDSHIP.CANNOT_LINK_VIOLATION':
    case 'STEWARDSHIP.LINK_REFUSED':
    case 'ADMIN.JOB_IN_PROGRESS':
    case 'ADMIN.STATS_UNUSED':
      return HttpStatus.CONFLICT;
    case 'GOLDEN.RETIRED':
      return HttpStatus.PERMANENT_REDIRECT;
    case 'GOLDEN.DELETED':
      return HttpStatus.GONE;
    case 'COMMON.PAYLOAD_TOO_LARGE':
    case 'INGESTION.EVENT_TOO_LARGE':
    case 'INGESTION.BATCH_TOO_LARGE':
    case 'XREF.TOO_MANY_KEYS':
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case 'COMMON.UNAVAILABLE':
      return HttpStatus.SERVICE_UNAVAILABLE;
    case 'COMMON.RATE_LIMITED':
      return HttpStatus.TOO_MANY_REQUESTS;
    case 'AUTH.UNAUTHENTICATED':
      return HttpStatus.UNAUTHORIZED;
    case 'AUTH.FORBIDDEN':
      return HttpStatus.FORBIDDEN;
    case 'COMMON.INTERNAL':
      return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    // Refused before a large body was read (401, 413, 415): close the connection rather than receive
    // the rest of a body nobody will parse. A small remainder is drained (and discarded) by Node, so
    // the connection stays usable for a well-behaved client.
    const req = host.switchToHttp().getRequest<Request>();
    if (!req.complete && !(Number(req.headers['content-length'] ?? Infinity) <= DRAIN_LIMIT_BYTES))
      res.setHeader('Connection', 'close');
    const [status, body] = this.toBody(exception);
    if (status >= 500)
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    // A redirecting code (GOLDEN.RETIRED: 308) names its target in details.location.
    const location = (body.details as { location?: unknown } | null)?.location;
    if (status >= 300 && status < 400 && typeof location === 'string') res.location(location);
    res.status(status).json(body);
  }

  private toBody(exception: unknown): [number, ErrorBody] {
    if (exception instanceof DomainException) {
      return [
        httpStatusFor(exception.code),
        { code: exception.code, message: exception.message, details: exception.details },
      ];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Unknown routes and the rate limiter's refusals arrive as HttpExceptions.
      const code: ErrorCode =
        status === 404
          ? 'COMMON.NOT_FOUND'
          : status === 413
            ? 'COMMON.PAYLOAD_TOO_LARGE'
            : status === 429 // a 429 not raised as a DomainException
              ? 'COMMON.RATE_LIMITED'
              : status < 500
                ? 'COMMON.VALIDATION_FAILED'
                : 'COMMON.INTERNAL';
      return [status, { code, message: exception.message, details: [] }];
    }
    return [500, { code: 'COMMON.INTERNAL', message: 'internal error', details: [] }];
  }
}
