import { DomainException } from '../../platform/common/errors/domain.exception';
import { FieldProblem } from '../../platform/common/errors/error-codes';
import { CONTROL_CHARACTERS_REASON, forbiddenInParameter } from '../../platform/common/parameter.pipe';
import { isInstant } from './instant.validator';
import type { SourceKey } from './xref.repository';
import { MAX_DOMAIN, MAX_ID, MAX_RESOLVE_KEYS } from './xref-limits';

export interface ResolveRequest {
  keys: SourceKey[];
  asOf?: string;
  targetDomain?: string;
}

/** A 10,000-key batch with one mistake repeated says so 100 times, not 10,000. */
const MAX_PROBLEMS = 100;
const REQUEST_FIELDS = new Set(['keys', 'asOf', 'targetDomain']);
const KEY_FIELDS = new Set(['entityType', 'domain', 'sourceId']);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates the body of POST /v1/xref/resolve (openapi.yaml, XrefResolveRequest) by hand rather
 * than through class-validator, which spends milliseconds walking 1,000 nested key objects; the
 * problems have the same `{ field, reason }` shape as the validation pipe's. More than
 * MAX_RESOLVE_KEYS keys is 413 XREF.TOO_MANY_KEYS, decided before any key is looked at.
 */
export function parseResolveRequest(body: unknown): ResolveRequest {
  if (!isObject(body)) throw invalid([{ field: '', reason: 'the body must be a JSON object' }]);
  const keys = body.keys;
  if (Array.isArray(keys) && keys.length > MAX_RESOLVE_KEYS) throw tooManyKeys(keys.length);
  const problems: FieldProblem[] = [];
  for (const field of Object.keys(body)) {
    if (!REQUEST_FIELDS.has(field)) problems.push({ field, reason: `property ${field} should not exist` });
  }
  if (!Array.isArray(keys)) problems.push({ field: 'keys', reason: 'keys must be an array of keys' });
  else if (keys.length === 0) problems.push({ field: 'keys', reason: 'keys must contain at least 1 key' });
  else keys.forEach((key, i) => problems.length < MAX_PROBLEMS && checkKey(key, `keys[${i}]`, problems));
  if (body.asOf !== undefined && !isInstant(body.asOf)) {
    problems.push({
      field: 'asOf',
      reason: 'asOf must be an RFC 3339 date-time with an offset, e.g. 2026-11-25T10:00:00Z',
    });
  }
  if (body.targetDomain !== undefined) checkString(body.targetDomain, 'targetDomain', MAX_DOMAIN, problems);
  if (problems.length > 0) throw invalid(problems.slice(0, MAX_PROBLEMS));
  return {
    keys: keys as SourceKey[],
    ...(body.asOf !== undefined && { asOf: body.asOf as string }),
    ...(body.targetDomain !== undefined && { targetDomain: body.targetDomain as string }),
  };
}

function checkKey(key: unknown, path: string, problems: FieldProblem[]): void {
  if (!isObject(key)) {
    problems.push({ field: path, reason: `${path} must be an object { entityType, domain, sourceId }` });
    return;
  }
  for (const field of Object.keys(key)) {
    if (!KEY_FIELDS.has(field))
      problems.push({ field: `${path}.${field}`, reason: `property ${field} should not exist` });
  }
  checkString(key.entityType, `${path}.entityType`, MAX_ID, problems);
  checkString(key.domain, `${path}.domain`, MAX_DOMAIN, problems);
  checkString(key.sourceId, `${path}.sourceId`, MAX_ID, problems);
}

function checkString(value: unknown, field: string, max: number, problems: FieldProblem[]): void {
  const name = field.slice(field.lastIndexOf('.') + 1);
  if (typeof value !== 'string') problems.push({ field, reason: `${name} must be a string` });
  else if (value.length === 0) problems.push({ field, reason: `${name} should not be empty` });
  else if (value.length > max) problems.push({ field, reason: `${name} must be at most ${max} characters` });
  // As in the single lookup's path: no stored key holds one, and PostgreSQL would refuse a NUL.
  else if (forbiddenInParameter(value))
    problems.push({ field, reason: `${name} ${CONTROL_CHARACTERS_REASON}` });
}

const invalid = (problems: FieldProblem[]): DomainException =>
  new DomainException('COMMON.VALIDATION_FAILED', 'request validation failed', problems);

export function tooManyKeys(count: number): DomainException {
  return new DomainException(
    'XREF.TOO_MANY_KEYS',
    `a resolve request carries at most ${MAX_RESOLVE_KEYS} keys, this one has ${count}`,
    [{ field: 'keys', reason: `at most ${MAX_RESOLVE_KEYS} keys, got ${count}` }],
  );
}
