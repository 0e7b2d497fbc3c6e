import { ErrorCode, FieldProblem } from './error-codes';

/**
 * The one exception type services throw. It knows nothing of HTTP or Kafka: the HTTP filter and
 * the Kafka DLQ mapper translate `code` at each edge.
 */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: FieldProblem[] | Record<string, unknown> = [],
  ) {
    super(message);
    this.name = 'DomainException';
  }
}
