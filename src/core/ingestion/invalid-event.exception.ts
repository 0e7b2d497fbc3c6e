import { DomainException } from '../../platform/common/errors/domain.exception';
import { FieldProblem } from '../../platform/common/errors/error-codes';

/**
 * What is wrong with one change event, as a closed set. The Kafka edge turns the first problem's
 * kind into a dead-letter reason (dead-letter.mapper.ts); REST returns the problems as they are.
 */
export const EVENT_PROBLEM_KINDS = [
  'EMPTY_MESSAGE',
  'INVALID_ENCODING',
  'NOT_JSON',
  'NOT_AN_OBJECT',
  'EVENT_TOO_LARGE',
  'MISSING_FIELD',
  'EMPTY_FIELD',
  'WRONG_TYPE',
  'UNEXPECTED_FIELD',
  'INVALID_FORMAT',
  'VALUE_TOO_LONG',
  'UNKNOWN_ENTITY_TYPE',
  'UNKNOWN_OP',
  'INVALID_TIMESTAMP',
  'INVALID_VERSION',
  'TOO_MANY_ATTRIBUTES',
  'NESTED_ATTRIBUTE',
  'CONTROL_CHARACTERS',
  'INVALID_REFERENCES',
] as const;

export type EventProblemKind = (typeof EVENT_PROBLEM_KINDS)[number];

export interface EventProblem extends FieldProblem {
  kind: EventProblemKind;
}

export type InvalidEventCode =
  'INGESTION.INVALID_EVENT' | 'INGESTION.UNKNOWN_ENTITY_TYPE' | 'INGESTION.EVENT_TOO_LARGE';

function codeFor(kind: EventProblemKind): InvalidEventCode {
  if (kind === 'EVENT_TOO_LARGE') return 'INGESTION.EVENT_TOO_LARGE';
  if (kind === 'UNKNOWN_ENTITY_TYPE') return 'INGESTION.UNKNOWN_ENTITY_TYPE';
  return 'INGESTION.INVALID_EVENT';
}

/** One event was refused. `problems` is never empty; the first one decides the code. */
export class InvalidEventException extends DomainException {
  override readonly code: InvalidEventCode;

  constructor(
    readonly problems: EventProblem[],
    /** The eventId as sent, when it was a usable string (REST echoes it in the result). */
    readonly eventId: string | null = null,
    /** The entityType as sent, when it was a string: only a label for metrics, never trusted. */
    readonly entityType: string | null = null,
  ) {
    const first = problems[0];
    if (!first) throw new Error('InvalidEventException needs at least one problem');
    const code = codeFor(first.kind);
    super(
      code,
      `invalid change event: ${problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`,
      problems,
    );
    this.code = code;
    this.name = 'InvalidEventException';
  }
}
