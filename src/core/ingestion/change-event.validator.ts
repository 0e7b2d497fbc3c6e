import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { MatcherRegistry } from '../matching/matcher-registry';
import { ChangeEvent, ChangeOp, EventReference } from './change-event.dto';
import {
  DOMAIN_PATTERN,
  EVENT_FIELDS,
  EVENT_LIMITS,
  ID_CONTROL_CHARS,
  LONE_SURROGATE,
  REFERENCE_FIELDS,
  charLength,
} from './change-event.rules';
import { checkAttributes, isPlainObject, ProblemList } from './attributes.validator';
import { EventProblem, EventProblemKind, InvalidEventException } from './invalid-event.exception';
import { parseTimestamp } from './timestamp';

/**
 * The one validator of change events, shared by both edges: REST items (already parsed by the body
 * parser) and Kafka message bytes. It collects every problem with a precise dotted path
 * (`events[3].attributes.email`), and never throws for bad input: a bad event is a value, so one
 * bad event cannot fail a batch.
 */
export interface ValidationContext {
  maxEventBytes: number;
  isKnownEntityType(entityType: string): boolean;
  /** How far `occurredAt` may lie in the future (ms); DEFAULT_FUTURE_SKEW_MS when absent. */
  maxFutureSkewMs?: number;
  /** Whether the entity type's matcher reads this source field (unread long values are truncated). */
  readsField?(entityType: string, field: string): boolean;
}

export const DEFAULT_FUTURE_SKEW_MS = 86_400_000;

export type Validation = { ok: true; event: ChangeEvent } | { ok: false; error: InvalidEventException };

const ALLOWED_FIELDS: ReadonlySet<string> = new Set(EVENT_FIELDS);
const ALLOWED_REFERENCE_FIELDS: ReadonlySet<string> = new Set(REFERENCE_FIELDS);
const OPS: readonly ChangeOp[] = ['upsert', 'delete'];
const utf8 = new TextDecoder('utf-8', { fatal: true });

function fail(problems: EventProblem[], raw: unknown): Validation {
  const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
  const [eventId, entityType] = isPlainObject(raw) ? [text(raw.eventId), text(raw.entityType)] : [null, null];
  return { ok: false, error: new InvalidEventException(problems, eventId, entityType) };
}

/** A Kafka message value: bytes that must be UTF-8 JSON of one change event. */
export function validateMessageBytes(value: Buffer | null, ctx: ValidationContext): Validation {
  const p = new ProblemList('');
  if (!value || value.length === 0) return fail(p.add('', 'EMPTY_MESSAGE', 'the message has no value'), null);
  if (value.length > ctx.maxEventBytes) {
    return fail(
      p.add('', 'EVENT_TOO_LARGE', `${value.length} bytes is more than the limit of ${ctx.maxEventBytes}`),
      null,
    );
  }
  let text: string;
  try {
    text = utf8.decode(value);
  } catch {
    return fail(p.add('', 'INVALID_ENCODING', 'the message value is not valid UTF-8'), null);
  }
  if (text.trim() === '') return fail(p.add('', 'EMPTY_MESSAGE', 'the message value is blank'), null);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return fail(
      p.add('', 'NOT_JSON', `not valid JSON (${e instanceof Error ? e.message : String(e)})`),
      null,
    );
  }
  return validateChangeEvent(parsed, value.length, ctx);
}

/**
 * One change event that has already been parsed. `sizeBytes` is its JSON size (the Kafka value's
 * length, or the REST item re-serialised); `prefix` is the path of the event in its request.
 */
export function validateChangeEvent(
  raw: unknown,
  sizeBytes: number,
  ctx: ValidationContext,
  prefix = '',
): Validation {
  const p = new ProblemList(prefix);
  if (sizeBytes > ctx.maxEventBytes) {
    return fail(
      p.add('', 'EVENT_TOO_LARGE', `${sizeBytes} bytes is more than the limit of ${ctx.maxEventBytes}`),
      raw,
    );
  }
  if (!isPlainObject(raw))
    return fail(p.add('', 'NOT_AN_OBJECT', `must be a JSON object, got ${describe(raw)}`), raw);

  for (const key of Object.keys(raw)) {
    if (!ALLOWED_FIELDS.has(key)) p.add(key, 'UNEXPECTED_FIELD', 'is not a field of a change event');
  }
  const eventId = idString(p, 'eventId', raw.eventId, EVENT_LIMITS.maxIdChars);
  const domain = idString(p, 'domain', raw.domain, EVENT_LIMITS.maxDomainChars);
  if (domain !== undefined && !DOMAIN_PATTERN.test(domain)) {
    p.add(
      'domain',
      'INVALID_FORMAT',
      'must start with a letter or digit and contain only letters, digits, _ . -',
    );
  }
  const entityType = idString(p, 'entityType', raw.entityType, EVENT_LIMITS.maxIdChars);
  if (entityType !== undefined && !ctx.isKnownEntityType(entityType)) {
    p.add('entityType', 'UNKNOWN_ENTITY_TYPE', `no matcher is configured for entity type "${entityType}"`);
  }
  const sourceId = idString(p, 'sourceId', raw.sourceId, EVENT_LIMITS.maxIdChars);
  const op = checkOp(p, raw.op);
  const version = checkVersion(p, raw.version);
  const occurred = checkOccurredAt(p, raw.occurredAt, ctx.maxFutureSkewMs ?? DEFAULT_FUTURE_SKEW_MS);

  let attributes: ChangeEvent['attributes'] = null;
  if (op === 'delete') {
    if (raw.attributes !== undefined && raw.attributes !== null)
      p.add('attributes', 'UNEXPECTED_FIELD', 'a delete carries no attributes');
  } else if (raw.attributes === undefined || raw.attributes === null) {
    if (op === 'upsert') p.add('attributes', 'MISSING_FIELD', 'is required for an upsert');
  } else if (!isPlainObject(raw.attributes)) {
    p.add('attributes', 'WRONG_TYPE', `must be an object, got ${describe(raw.attributes)}`);
  } else {
    const known = entityType !== undefined && ctx.isKnownEntityType(entityType);
    const reads = (field: string): boolean => !known || !ctx.readsField || ctx.readsField(entityType, field);
    attributes = checkAttributes(p, raw.attributes, reads) as ChangeEvent['attributes'];
  }
  const references = checkReferences(p, raw.references, op);

  if (
    p.list.length > 0 ||
    !eventId ||
    !domain ||
    !entityType ||
    !sourceId ||
    !op ||
    version === undefined ||
    !occurred
  ) {
    return fail(p.list.length > 0 ? p.list : p.add('', 'NOT_AN_OBJECT', 'invalid change event'), raw);
  }
  const event: ChangeEvent = {
    eventId,
    domain,
    entityType,
    sourceId,
    op,
    version,
    occurredAt: occurred.iso,
    occurredAtUs: occurred.us,
    attributes: op === 'upsert' ? (attributes ?? {}) : null,
    references,
  };
  return { ok: true, event };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

/** A required, non-blank identifier without control characters. */
function idString(
  p: ProblemList,
  field: string,
  v: unknown,
  maxChars: number,
  kindOnError?: 'INVALID_REFERENCES',
): string | undefined {
  const k = (kind: EventProblemKind): EventProblemKind => kindOnError ?? kind;
  if (v === undefined || v === null) return void p.add(field, k('MISSING_FIELD'), 'is required');
  if (typeof v !== 'string')
    return void p.add(field, k('WRONG_TYPE'), `must be a string, got ${describe(v)}`);
  if (v.trim() === '') return void p.add(field, k('EMPTY_FIELD'), 'must not be empty');
  if (charLength(v) > maxChars)
    return void p.add(field, k('VALUE_TOO_LONG'), `must be at most ${maxChars} characters`);
  if (ID_CONTROL_CHARS.test(v))
    return void p.add(field, k('CONTROL_CHARACTERS'), 'must not contain control characters');
  if (LONE_SURROGATE.test(v))
    return void p.add(field, k('INVALID_ENCODING'), 'contains an unpaired UTF-16 surrogate');
  return v;
}

function checkOp(p: ProblemList, v: unknown): ChangeOp | undefined {
  if (v === undefined || v === null) return void p.add('op', 'MISSING_FIELD', 'is required');
  if (typeof v !== 'string') return void p.add('op', 'WRONG_TYPE', `must be a string, got ${describe(v)}`);
  if (!(OPS as readonly string[]).includes(v))
    return void p.add('op', 'UNKNOWN_OP', `must be "upsert" or "delete", got "${v.slice(0, 40)}"`);
  return v as ChangeOp;
}

/** Optional: absent or null means "no version". Returns undefined when invalid. */
function checkVersion(p: ProblemList, v: unknown): number | null | undefined {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  p.add(
    'version',
    'INVALID_VERSION',
    `must be a non-negative integer up to ${Number.MAX_SAFE_INTEGER}, got ${JSON.stringify(v)?.slice(0, 40)}`,
  );
  return undefined;
}

function checkOccurredAt(
  p: ProblemList,
  v: unknown,
  skewMs: number,
): { iso: string; us: bigint } | undefined {
  if (v === undefined || v === null) return void p.add('occurredAt', 'MISSING_FIELD', 'is required');
  if (typeof v !== 'string')
    return void p.add('occurredAt', 'WRONG_TYPE', `must be a string, got ${describe(v)}`);
  const parsed = parseTimestamp(v);
  if (!parsed)
    p.add(
      'occurredAt',
      'INVALID_TIMESTAMP',
      'must be an RFC 3339 date-time with an offset, e.g. 2026-11-25T10:00:00Z',
    );
  // A date far in the future would win every later ordering comparison and freeze the record.
  if (parsed && parsed.us > BigInt(Date.now() + skewMs) * 1000n) {
    p.add(
      'occurredAt',
      'INVALID_TIMESTAMP',
      `is more than ${Math.round(skewMs / 1000)} s in the future (MAX_FUTURE_SKEW_SECONDS)`,
    );
    return undefined;
  }
  return parsed ?? undefined;
}

function checkReferences(p: ProblemList, v: unknown, op: ChangeOp | undefined): EventReference[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    p.add('references', 'INVALID_REFERENCES', `must be an array, got ${describe(v)}`);
    return [];
  }
  if (op === 'delete' && v.length > 0) {
    p.add('references', 'UNEXPECTED_FIELD', 'a delete carries no references');
    return [];
  }
  if (v.length > EVENT_LIMITS.maxReferences) {
    p.add('references', 'INVALID_REFERENCES', `at most ${EVENT_LIMITS.maxReferences} references`);
    return [];
  }
  const out: EventReference[] = [];
  v.forEach((item: unknown, i) => {
    const path = `references[${i}]`;
    if (!isPlainObject(item))
      return void p.add(path, 'INVALID_REFERENCES', `must be an object, got ${describe(item)}`);
    for (const key of Object.keys(item)) {
      if (!ALLOWED_REFERENCE_FIELDS.has(key))
        p.add(`${path}.${key}`, 'INVALID_REFERENCES', 'is not a field of a reference');
    }
    const max = EVENT_LIMITS.maxIdChars;
    const entityType = idString(p, `${path}.entityType`, item.entityType, max, 'INVALID_REFERENCES');
    const domain = idString(
      p,
      `${path}.domain`,
      item.domain,
      EVENT_LIMITS.maxDomainChars,
      'INVALID_REFERENCES',
    );
    const sourceId = idString(p, `${path}.sourceId`, item.sourceId, max, 'INVALID_REFERENCES');
    const role =
      item.role === undefined || item.role === null
        ? undefined
        : idString(p, `${path}.role`, item.role, 64, 'INVALID_REFERENCES');
    if (entityType && domain && sourceId)
      out.push(role ? { entityType, domain, sourceId, role } : { entityType, domain, sourceId });
  });
  return out;
}

/** The validator with its context from configuration and the matcher registry. */
@Injectable()
export class ChangeEventValidator implements ValidationContext {
  readonly maxEventBytes: number;
  readonly maxFutureSkewMs: number;

  constructor(
    config: AppConfig,
    private readonly matchers: MatcherRegistry,
  ) {
    this.maxEventBytes = config.MAX_EVENT_BYTES;
    this.maxFutureSkewMs = config.MAX_FUTURE_SKEW_SECONDS * 1000;
  }

  isKnownEntityType(entityType: string): boolean {
    return this.matchers.has(entityType);
  }

  /** The matcher's source fields (its attributes' `source:`), looked up per call: matchers can be replaced. */
  readsField(entityType: string, field: string): boolean {
    for (const attribute of this.matchers.get(entityType).config.attributes.values())
      if (attribute.source.includes(field)) return true;
    return false;
  }

  /** A REST item, already parsed: its size is measured by re-serialising it. */
  validate(raw: unknown, prefix = ''): Validation {
    let size: number;
    try {
      size = raw === undefined ? 0 : Buffer.byteLength(JSON.stringify(raw) ?? '', 'utf8');
    } catch {
      // Too deeply nested to serialise (RangeError): this event alone is refused, never its batch.
      const p = new ProblemList(prefix);
      return fail(p.add('', 'NESTED_ATTRIBUTE', 'the event is nested too deeply to process'), raw);
    }
    return validateChangeEvent(raw, size, this, prefix);
  }

  validateMessage(value: Buffer | null): Validation {
    return validateMessageBytes(value, this);
  }
}
