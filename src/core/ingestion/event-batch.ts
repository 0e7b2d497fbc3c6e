import { DomainException } from '../../platform/common/errors/domain.exception';
import { FieldProblem } from '../../platform/common/errors/error-codes';
import { EVENT_LIMITS } from './change-event.rules';
import { isPlainObject } from './attributes.validator';

/**
 * The envelope of `POST /v1/events`: `{ "events": [ ... ] }` with 1 to 1,000 items. A bad envelope
 * fails the whole request (400, or 413 when too many); a bad item only gets its own `rejected`
 * result, which is the event validator's business.
 */
export function eventBatchItems(body: unknown): unknown[] {
  const problems: FieldProblem[] = [];
  if (!isPlainObject(body)) {
    problems.push({
      field: 'body',
      reason: `must be a JSON object with an "events" array, got ${Array.isArray(body) ? 'an array' : body === null || body === undefined ? 'no body' : typeof body}`,
    });
  } else {
    for (const key of Object.keys(body))
      if (key !== 'events') problems.push({ field: key, reason: 'is not a field of the request' });
    if (body.events === undefined || body.events === null)
      problems.push({ field: 'events', reason: 'is required' });
    else if (!Array.isArray(body.events))
      problems.push({ field: 'events', reason: 'must be an array of change events' });
    else if (body.events.length === 0)
      problems.push({ field: 'events', reason: 'must contain at least 1 event' });
  }
  if (problems.length > 0)
    throw new DomainException('COMMON.VALIDATION_FAILED', 'the request body is malformed', problems);
  const events = (body as { events: unknown[] }).events;
  if (events.length > EVENT_LIMITS.maxBatchEvents) {
    throw new DomainException(
      'INGESTION.BATCH_TOO_LARGE',
      `${events.length} events is more than the limit of ${EVENT_LIMITS.maxBatchEvents} per request`,
      [{ field: 'events', reason: `at most ${EVENT_LIMITS.maxBatchEvents} events per request` }],
    );
  }
  return events;
}
