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
 * In a JSON body only NUL and unpaired surrogates are: a steward's reason may hold a line break, but
 * neither a PostgreSQL text nor a jsonb value can hold U+0000, and PostgreSQL's JSON parser refuses
 * the `\ud800` that JSON.stringify writes for a lone surrogate (an API key's name went into the
 * audit row that way, a 500), while a text column would silently store U+FFFD instead.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_BODIES = /\u0000|\p{Cs}/u;

/** Why an identifier (a path or query parameter, a key a route parses itself) is refused: the same words everywhere. */
export const CONTROL_CHARACTERS_REASON = 'must not contain control characters or unpaired surrogates';

/** True when `value` holds a character no path or query parameter may carry. */
export const forbiddenInParameter = (value: string): boolean => FORBIDDEN_IN_PARAMETERS.test(value);

/** Why a body's string or key (or a matcher config text) is refused. */
export const BODY_CHARACTERS_REASON = 'must not contain the NUL character (U+0000) or unpaired surrogates';

/** True when `value` holds a character no string of a JSON body may carry. */
export const forbiddenInBody = (value: string): boolean => FORBIDDEN_IN_BODIES.test(value);

/** A field's place in a body, built into a path only when it is reported. */
interface Place {
  parent: Place | null;
  /** `[3]`, `.name`, or the root's own name. */
  step: string;
}

function pathOf(place: Place): string {
  const steps: string[] = [];
  for (let p: Place | null = place; p; p = p.parent) steps.push(p.step);
  const path = steps.reverse().join('');
  return path.startsWith('.') ? path.slice(1) : path;
}

/**
 * No DTO nests deeper than a few levels; class-transformer and class-validator walk a body
 * recursively and would overflow the stack (a 500) on the 30,000 levels that a 64 KB body can hold.
 */
const MAX_BODY_DEPTH = 32;

interface Walk {
  /** The fields that match, at most `max`. */
  fields: string[];
  /** The first place deeper than `maxDepth`, if any (the walk stops there). */
  tooDeep: string | null;
}

/**
 * The field paths of `value` (strings and object keys, nested) that match `forbidden`. Iterative,
 * and a path is built only for a field reported: a body may nest as deep as its byte limit allows,
 * which neither a call stack nor a path per level would hold.
 */
function walk(value: unknown, root: string, forbidden: RegExp, maxDepth = Infinity, max = 100): Walk {
  const fields: string[] = [];
  const stack: Array<[unknown, Place, number]> = [[value, { parent: null, step: root }, 0]];
  while (stack.length > 0 && fields.length < max) {
    const [v, place, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (forbidden.test(v)) fields.push(pathOf(place));
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return { fields, tooDeep: pathOf(place) };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push([v[i], { parent: place, step: `[${i}]` }, depth + 1]);
    } else {
      for (const [k, item] of Object.entries(v).reverse()) {
        const child: Place = { parent: place, step: `.${k}` };
        if (forbidden.test(k)) fields.push(pathOf(child));
        stack.push([item, child, depth + 1]);
      }
    }
  }
  return { fields: fields.slice(0, max), tooDeep: null };
}

/**
 * This global pipe refuses, for every route before any DTO or service sees the value:
 * - path and query parameters with control characters or unpaired surrogates, naming `path.<name>`
 *   or `query.<name>`;
 * - NUL or an unpaired surrogate in any string or key of a body validated by a DTO class, naming
 *   the field as the validation pipe does (`members[0].sourceId`), and such a body nested deeper than
 *   MAX_BODY_DEPTH. Bodies a route parses itself (`unknown`: events,
 *   the batch resolve, matcher configs) apply their own rules, such as one rejected result per
 *   event.
 * Each is 400 COMMON.VALIDATION_FAILED where otherwise the database would have failed the request
 * with a 500.
 */
@Injectable()
export class ParameterPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    let problems: FieldProblem[];
    if (metadata.type === 'param' || metadata.type === 'query') {
      const where = metadata.type === 'param' ? 'path' : 'query';
      const root = metadata.data ? `${where}.${metadata.data}` : where;
      problems = walk(value, root, FORBIDDEN_IN_PARAMETERS).fields.map((field) => ({
        field,
        reason: CONTROL_CHARACTERS_REASON,
      }));
    } else if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      const { fields, tooDeep } = walk(value, metadata.data ?? '', FORBIDDEN_IN_BODIES, MAX_BODY_DEPTH);
      problems = fields.map((field) => ({ field, reason: BODY_CHARACTERS_REASON }));
      if (tooDeep !== null)
        problems.push({ field: tooDeep || 'body', reason: `nests deeper than ${MAX_BODY_DEPTH} levels` });
    } else {
      return value;
    }
    if (problems.length > 0)
      throw new DomainException('COMMON.VALIDATION_FAILED', 'request validation failed', problems);
    return value;
  }
}
