import { EventProblemKind } from './invalid-event.exception';
import { validateChangeEvent, validateMessageBytes, ValidationContext } from './change-event.validator';

const ctx: ValidationContext = { maxEventBytes: 65_536, isKnownEntityType: (t) => t === 'customer' };

const valid = (): Record<string, unknown> => ({
  eventId: 'e-1',
  domain: 'crm',
  entityType: 'customer',
  sourceId: 'C-17',
  op: 'upsert',
  version: 42,
  occurredAt: '2026-11-25T10:00:00Z',
  attributes: { given_name: 'Ada', tags: ['a', 1, true, null], notes: 'line 1\nline 2\tend\r' },
  references: [{ entityType: 'customer', domain: 'crm', sourceId: 'C-1', role: 'owner' }],
});

function problemsOf(
  patch: (e: Record<string, unknown>) => void,
  prefix = '',
): Array<{ field: string; kind: EventProblemKind }> {
  const e = valid();
  patch(e);
  const v = validateChangeEvent(e, Buffer.byteLength(JSON.stringify(e)), ctx, prefix);
  return v.ok ? [] : v.error.problems.map(({ field, kind }) => ({ field, kind }));
}

describe('validateChangeEvent', () => {
  it('accepts a complete event and canonicalises occurredAt', () => {
    const v = validateChangeEvent(valid(), 300, ctx);
    expect(v.ok && v.event).toMatchObject({
      occurredAt: '2026-11-25T10:00:00.000000Z',
      version: 42,
      op: 'upsert',
    });
  });

  it('accepts a delete without attributes, and absent or null optional fields', () => {
    const v = validateChangeEvent(
      { ...valid(), op: 'delete', attributes: undefined, references: null, version: null },
      200,
      ctx,
    );
    expect(v.ok && v.event).toMatchObject({ attributes: null, references: [], version: null });
  });

  it.each<[string, (e: Record<string, unknown>) => void, string, EventProblemKind]>([
    ['missing eventId', (e) => delete e.eventId, 'eventId', 'MISSING_FIELD'],
    ['null sourceId', (e) => (e.sourceId = null), 'sourceId', 'MISSING_FIELD'],
    ['blank domain', (e) => (e.domain = '  '), 'domain', 'EMPTY_FIELD'],
    ['numeric sourceId', (e) => (e.sourceId = 17), 'sourceId', 'WRONG_TYPE'],
    ['domain with a colon', (e) => (e.domain = 'crm:eu'), 'domain', 'INVALID_FORMAT'],
    ['eventId too long', (e) => (e.eventId = 'x'.repeat(257)), 'eventId', 'VALUE_TOO_LONG'],
    ['tab in sourceId', (e) => (e.sourceId = 'C\t17'), 'sourceId', 'CONTROL_CHARACTERS'],
    ['unknown entity type', (e) => (e.entityType = 'spaceship'), 'entityType', 'UNKNOWN_ENTITY_TYPE'],
    ['unknown op', (e) => (e.op = 'merge'), 'op', 'UNKNOWN_OP'],
    ['op not a string', (e) => (e.op = 1), 'op', 'WRONG_TYPE'],
    ['negative version', (e) => (e.version = -1), 'version', 'INVALID_VERSION'],
    ['fractional version', (e) => (e.version = 1.5), 'version', 'INVALID_VERSION'],
    ['unsafe version', (e) => (e.version = 2 ** 53), 'version', 'INVALID_VERSION'],
    ['string version', (e) => (e.version = '42'), 'version', 'INVALID_VERSION'],
    ['30 February', (e) => (e.occurredAt = '2026-02-30T00:00:00Z'), 'occurredAt', 'INVALID_TIMESTAMP'],
    ['no offset', (e) => (e.occurredAt = '2026-11-25T10:00:00'), 'occurredAt', 'INVALID_TIMESTAMP'],
    ['epoch number', (e) => (e.occurredAt = 1764064800000), 'occurredAt', 'WRONG_TYPE'],
    ['upsert without attributes', (e) => delete e.attributes, 'attributes', 'MISSING_FIELD'],
    ['attributes as an array', (e) => (e.attributes = [1]), 'attributes', 'WRONG_TYPE'],
    [
      'delete with attributes',
      (e) => {
        e.op = 'delete';
        delete e.references;
      },
      'attributes',
      'UNEXPECTED_FIELD',
    ],
    ['an unknown top-level field', (e) => (e.colour = 'blue'), 'colour', 'UNEXPECTED_FIELD'],
    [
      'a nested object',
      (e) => (e.attributes = { address: { city: 'Paris' } }),
      'attributes.address',
      'NESTED_ATTRIBUTE',
    ],
    [
      'an array of arrays',
      (e) => (e.attributes = { tags: [['a']] }),
      'attributes.tags[0]',
      'NESTED_ATTRIBUTE',
    ],
    ['NUL in a value', (e) => (e.attributes = { name: 'A\u0000' }), 'attributes.name', 'CONTROL_CHARACTERS'],
    [
      'ESC in an array item',
      (e) => (e.attributes = { tags: ['ok', 'x\u001b'] }),
      'attributes.tags[1]',
      'CONTROL_CHARACTERS',
    ],
    ['a C1 control', (e) => (e.attributes = { name: 'A\u0085' }), 'attributes.name', 'CONTROL_CHARACTERS'],
    [
      'newline in a name',
      (e) => (e.attributes = { 'first\nname': 'A' }),
      'attributes["first\\nname"]',
      'CONTROL_CHARACTERS',
    ],
    ['a lone surrogate', (e) => (e.attributes = { name: 'A\ud800' }), 'attributes.name', 'INVALID_ENCODING'],
    ['an empty attribute name', (e) => (e.attributes = { '': 'A' }), 'attributes[""]', 'EMPTY_FIELD'],
    [
      'a long string',
      (e) => (e.attributes = { notes: 'n'.repeat(10_001) }),
      'attributes.notes',
      'VALUE_TOO_LONG',
    ],
    [
      '201 attributes',
      (e) => (e.attributes = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`a${i}`, i]))),
      'attributes',
      'TOO_MANY_ATTRIBUTES',
    ],
    [
      'references not an array',
      (e) => (e.references = { sourceId: 'x' }),
      'references',
      'INVALID_REFERENCES',
    ],
    [
      'a reference without sourceId',
      (e) => (e.references = [{ entityType: 'customer', domain: 'crm' }]),
      'references[0].sourceId',
      'INVALID_REFERENCES',
    ],
    [
      'a reference with an extra field',
      (e) => (e.references = [{ entityType: 'c', domain: 'crm', sourceId: '1', weight: 2 }]),
      'references[0].weight',
      'INVALID_REFERENCES',
    ],
  ])('refuses %s', (_, patch, field, kind) => {
    expect(problemsOf(patch)).toEqual([{ field, kind }]);
  });

  it('prefixes paths with the position of the event in its request', () => {
    expect(problemsOf((e) => (e.attributes = { email: { v: 1 } }), 'events[3]')).toEqual([
      { field: 'events[3].attributes.email', kind: 'NESTED_ATTRIBUTE' },
    ]);
  });

  it('reports every problem, the first one deciding the error code', () => {
    const v = validateChangeEvent({ ...valid(), entityType: 'spaceship', op: 'merge' }, 300, ctx);
    expect(!v.ok && v.error.code).toBe('INGESTION.UNKNOWN_ENTITY_TYPE');
    expect(!v.ok && v.error.problems.map((p) => p.field)).toEqual(['entityType', 'op']);
    expect(!v.ok && v.error.eventId).toBe('e-1');
  });

  it('refuses an event larger than the limit before looking inside', () => {
    const v = validateChangeEvent(valid(), 65_537, ctx);
    expect(!v.ok && v.error.code).toBe('INGESTION.EVENT_TOO_LARGE');
  });
});

describe('validateMessageBytes', () => {
  it.each<[string, Buffer | null, EventProblemKind]>([
    ['no value', null, 'EMPTY_MESSAGE'],
    ['an empty value', Buffer.alloc(0), 'EMPTY_MESSAGE'],
    ['a blank value', Buffer.from(' \n '), 'EMPTY_MESSAGE'],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), 'INVALID_ENCODING'],
    ['not JSON', Buffer.from('{"eventId":'), 'NOT_JSON'],
    ['a JSON array', Buffer.from('[1]'), 'NOT_AN_OBJECT'],
    ['a JSON string', Buffer.from('"event"'), 'NOT_AN_OBJECT'],
    ['too many bytes', Buffer.alloc(65_537, 0x20), 'EVENT_TOO_LARGE'],
  ])('refuses %s', (_, value, kind) => {
    const v = validateMessageBytes(value, ctx);
    expect(!v.ok && v.error.problems[0]?.kind).toBe(kind);
  });

  it('accepts a UTF-8 JSON event, with or without a byte-order mark', () => {
    const json = JSON.stringify({ ...valid(), attributes: { name: 'Zoë 😀' } });
    expect(validateMessageBytes(Buffer.from(json), ctx).ok).toBe(true);
    expect(
      validateMessageBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]), ctx).ok,
    ).toBe(true);
  });
});
