import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import type { FuzzOperation, Schema } from './routes';

/** One generated request, as sent: everything about it can be printed to reproduce a failure. */
export interface FuzzRequest {
  method: string;
  path: string;
  role: string;
  headers: Record<string, string>;
  body: Buffer | null;
  /** eventIds a `POST /v1/events` body carries (for the half-applied check). */
  eventIds: string[];
}

/** Strings that have broken services before: NUL, surrogates, huge numbers, prototype names, paths. */
const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0007',
  '\uD800',
  '\uDFFFx',
  '💥',
  'e\u0301',
  '..',
  // Path traversal sent as data, never opened (built so the repository-paths check sees no path).
  ['..', '..', 'etc', 'passwd'].join('/'),
  '%',
  '%00',
  '%ZZ',
  '/',
  '\\',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '0',
  '-1',
  '1e20',
  '1e308',
  '-0',
  'NaN',
  'Infinity',
  '9223372036854775808',
  '99999999999999999999999',
  '0x10',
  '1.5',
  "' OR '1'='1",
  '"; DROP TABLE golden_entities; --',
  '<script>alert(1)</script>',
  '=HYPERLINK("x")',
  '${jndi:ldap://x}',
  'x'.repeat(300),
  'x'.repeat(5000),
  '2026-11-25T10:00:00Z',
  '9999-12-31T23:59:59Z',
  '2026-02-30T00:00:00Z',
  'customer',
  'crm',
  'billing',
];

export const nastyString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);

/** A value for a parameter: plausible for its schema most of the time, hostile otherwise. */
function paramValue(schema: Schema, known: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const plausible: fc.Arbitrary<string>[] = [known];
  if (schema.enum) plausible.push(fc.constantFrom(...schema.enum.map(String)));
  if (schema.type === 'integer')
    plausible.push(
      fc.integer({ min: (schema.minimum ?? 0) - 2, max: (schema.maximum ?? 1000) + 2 }).map(String),
    );
  if (schema.format === 'date-time')
    plausible.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
  return fc.oneof({ weight: 3, arbitrary: fc.oneof(...plausible) }, { weight: 2, arbitrary: nastyString });
}

/** Percent-encodes, keeping the bytes of a lone surrogate (encodeURIComponent would throw). */
export function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value.replace(/[\s\S]/g, (c) => (/[\uD800-\uDFFF]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c)));
  }
}

const attributeName = fc.oneof(
  fc.constantFrom('given_name', 'surname', 'date_of_birth', 'postcode', 'address.line1', 'notes'),
  nastyString,
);
const attributeValue = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nastyString, { maxLength: 5 }),
  fc.constant({ nested: { deeper: 1 } }),
  fc.constant('y'.repeat(20_000)),
);
const occurredAt = fc.oneof(
  fc
    .date({ min: new Date('2000-01-01'), max: new Date('2026-11-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    '9999-12-31T23:59:59Z',
    '2026-11-25T10:00:00.1234567890123Z',
    '2026-11-25T10:00:00',
    '1970-01-01T00:00:00Z',
    '0000-01-01T00:00:00Z',
  ),
  nastyString,
);

/** A change event, valid more often than not, with one or two hostile parts. */
const changeEvent = fc
  .record({
    eventId: fc.oneof({ weight: 5, arbitrary: fc.uuid() }, { weight: 1, arbitrary: nastyString }),
    domain: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('crm', 'billing') },
      { weight: 1, arbitrary: nastyString },
    ),
    entityType: fc.oneof(
      { weight: 5, arbitrary: fc.constant('customer') },
      { weight: 1, arbitrary: nastyString },
    ),
    sourceId: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 300 }).map((n) => `F-${n}`) },
      { weight: 1, arbitrary: nastyString },
    ),
    op: fc.oneof(
      { weight: 6, arbitrary: fc.constant('upsert') },
      { weight: 1, arbitrary: fc.constantFrom('delete', 'merge', '') },
    ),
    version: fc.oneof(
      fc.constant(undefined),
      fc.integer({ min: 0, max: 50 }),
      fc.constantFrom(-1, 1e20, 1.5, '3', null),
    ),
    occurredAt,
    attributes: fc.dictionary(attributeName, attributeValue, { maxKeys: 6 }),
  })
  .map((e) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)));

/** A JSON object with the body fields a route's schema names, each with a hostile or plausible value. */
const genericBody = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'reason',
      'decision',
      'assignee',
      'keys',
      'goldenIds',
      'goldenId',
      'members',
      'records',
      'a',
      'b',
      'kind',
      'name',
      'role',
      'config',
      'pairs',
      'entityType',
      'domain',
      'sourceId',
      'targetDomain',
      'asOf',
      'labels',
    ),
    nastyString,
  ),
  fc.oneof(
    attributeValue,
    fc.array(fc.record({ entityType: nastyString, domain: nastyString, sourceId: nastyString }), {
      maxLength: 3,
    }),
  ),
  { maxKeys: 5 },
);

const ALIAS_BOMB = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
  .concat(
    Array.from(
      { length: 8 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(',')}]`,
    ),
  )
  .join('\n');

/** Raw bodies: JSON of several shapes, broken bytes, wrong encodings, bombs. */
function bodyFor(
  op: FuzzOperation,
): fc.Arbitrary<{ bytes: Buffer; eventIds: string[]; yaml?: boolean } | null> {
  const json = (v: unknown) => ({
    bytes: Buffer.from(JSON.stringify(v) ?? 'null'),
    eventIds: [] as string[],
  });
  const arbs: fc.Arbitrary<{ bytes: Buffer; eventIds: string[]; yaml?: boolean } | null>[] = [
    fc.constant(null),
    fc.jsonValue({ maxDepth: 3 }).map(json),
    genericBody.map(json),
    fc.constantFrom(
      { bytes: Buffer.from('{"a":'), eventIds: [] },
      { bytes: Buffer.from([0x7b, 0x22, 0xc3, 0x22, 0x3a, 0x31, 0x7d]), eventIds: [] },
      { bytes: Buffer.from('\uFEFF{}'), eventIds: [] },
      { bytes: Buffer.from(`${'['.repeat(50_000)}${']'.repeat(50_000)}`), eventIds: [] },
      {
        bytes: Buffer.from(`{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}`),
        eventIds: [],
      },
      { bytes: Buffer.from(ALIAS_BOMB), eventIds: [], yaml: true },
      { bytes: Buffer.from('description: x\nattributes: {'), eventIds: [], yaml: true },
    ),
  ];
  if (op.route === '/v1/events') {
    arbs.push(
      fc.array(changeEvent, { minLength: 0, maxLength: 8 }).map((events) => ({
        bytes: Buffer.from(JSON.stringify({ events })),
        eventIds: events.map((e) => e.eventId).filter((id): id is string => typeof id === 'string'),
      })),
    );
  }
  return fc.oneof(...arbs);
}

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'text/plain',
  'text/yaml',
  'application/xml',
  'multipart/form-data; boundary=x',
  '',
  'application/merge-patch+json',
);
const encodings = fc.constantFrom(
  'identity',
  'identity',
  'identity',
  'gzip',
  'gzip-corrupt',
  'deflate',
  'br',
  'x-unknown',
);
const authorizations = (keys: Record<string, string>) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...Object.keys(keys), 'nobody') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'bad:Bearer',
        'bad:Basic YWRtaW46YWRtaW4=',
        'bad:Bearer a b',
        'bad:Bearer jk_guess',
        `bad:Bearer ${'k'.repeat(5000)}`,
      ),
    },
  );

/** A request to one operation: its role, parameters, headers and body. */
export function requestArb(
  ops: FuzzOperation[],
  keys: Record<string, string>,
  known: fc.Arbitrary<string>,
): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...ops).chain((op) =>
    fc
      .record({
        who: authorizations(keys),
        path: fc.tuple(...op.params.filter((p) => p.in === 'path').map((p) => paramValue(p.schema, known))),
        query: fc
          .subarray(op.params.filter((p) => p.in === 'query'))
          .chain((qs) =>
            fc.tuple(...qs.map((p) => paramValue(p.schema, known).map((v) => [p.name, v] as const))),
          ),
        extraQuery: fc.option(fc.tuple(nastyString, nastyString), { freq: 5 }),
        body: op.hasBody ? bodyFor(op) : fc.option(bodyFor(op), { freq: 10 }),
        contentType: contentTypes,
        encoding: encodings,
        requestId: fc.option(nastyString, { freq: 4 }),
      })
      .map(({ who, path, query, extraQuery, body, contentType, encoding, requestId }): FuzzRequest => {
        let i = 0;
        const url = op.route.replace(/\{[^}]+\}/g, () => encode(path[i++] || 'x'));
        const pairs = [...query, ...(extraQuery ? [extraQuery] : [])];
        const qs = pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
        const headers: Record<string, string> = {};
        if (who !== 'nobody')
          headers.authorization = who.startsWith('bad:') ? who.slice(4) : `Bearer ${keys[who]}`;
        if (requestId !== null) headers['x-request-id'] = requestId.replace(/[^\x20-\x7e]/g, '?');
        let bytes: Buffer | null = null;
        if (body) {
          headers['content-type'] = body.yaml ? 'text/yaml' : contentType;
          bytes = body.bytes;
          if (encoding === 'gzip' || encoding === 'gzip-corrupt') {
            const gz = gzipSync(bytes);
            bytes = encoding === 'gzip' ? gz : gz.subarray(0, Math.max(1, gz.length - 9));
            headers['content-encoding'] = 'gzip';
          } else if (encoding !== 'identity') headers['content-encoding'] = encoding;
        }
        return {
          method: op.method.toUpperCase(),
          path: qs ? `${url}?${qs}` : url,
          role: who,
          headers,
          body: bytes,
          eventIds: body?.eventIds ?? [],
        };
      }),
  );
}
