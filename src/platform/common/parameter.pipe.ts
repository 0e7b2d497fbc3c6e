import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { DomainException } from './errors/domain.exception';
import { FieldProblem } from './errors/error-codes';

/**
 * Control characters (NUL above all: PostgreSQL text cannot hold it) and unpaired UTF-16 surrogates
 * are never valid in a path or query parameter.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_PARAMETERS = /[\u0000-\u001F\u007F]|\p{Cs}/u;
/**
 * In a JSON body only NUL is: a steward's reason may hold a line break, but neither a PostgreSQL
 * text nor a jsonb value can hold U+0000, so the write would fail with a 500.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_BODIES = /\u0000/;

/** True when `value` holds a character no path or query parameter may carry. */
export const forbiddenInParameter = (value: string): boolean => FORBIDDEN_IN_PARAMETERS.test(value);

/** The field paths of `value` (strings and object keys, nested) that match `forbidden`. */
function offending(value: unknown, field: string, forbidden: RegExp, out: string[]): void {
  if (typeof value === 'string') {
    if (forbidden.test(value)) out.push(field);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => offending(item, `${field}[${i}]`, forbidden, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, item] of Object.entries(value)) {
      const path = field ? `${field}.${k}` : k;
      if (forbidden.test(k)) out.push(path);
      offending(item, path, forbidden, out);
    }
  }
}

/**
 * This global pipe refuses, for every route before any DTO or service sees the value:
 * - path and query parameters with control characters or unpaired surrogates, naming `path.<name>`
 *   or `query.<name>`;
 * - NUL in any string or key of a body validated by a DTO class, naming the field as the
 *   validation pipe does (`members[0].sourceId`). Bodies a route parses itself (`unknown`: events,
 *   the batch resolve, matcher configs) apply their own rules, such as one rejected result per
 *   event.
 * Each is 400 COMMON.VALIDATION_FAILED where otherwise the database would have failed the request
 * with a 500.
 */
@Injectable()
export class ParameterPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const fields: string[] = [];
    let reason: string;
    if (metadata.type === 'param' || metadata.type === 'query') {
      const where = metadata.type === 'param' ? 'path' : 'query';
      offending(value, metadata.data ? `${where}.${metadata.data}` : where, FORBIDDEN_IN_PARAMETERS, fields);
      reason = 'must not contain control characters or unpaired surrogates';
    } else if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      offending(value, metadata.data ?? '', FORBIDDEN_IN_BODIES, fields);
      reason = 'must not contain the NUL character (U+0000)';
    } else {
      return value;
    }
    if (fields.length > 0) {
      const problems: FieldProblem[] = fields.slice(0, 100).map((field) => ({ field, reason }));
      throw new DomainException('COMMON.VALIDATION_FAILED', 'request validation failed', problems);
    }
    return value;
  }
}
