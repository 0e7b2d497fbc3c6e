import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import { startTestApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { SPEC_PATH } from '../support/openapi';
import { testMatchersDir, upsert } from '../ingestion/support/fixtures';

/**
 * Every operation openapi.yaml declares, called with hostile input: each path and query parameter
 * in turn set to a hostile value (or repeated, or bracketed into an object), each body replaced by
 * a malformed one, and each field of the documented body (and of its first nested object) set to a
 * hostile value. No answer may be a 5xx: "a 5xx on user input is a bug". Walking the contract means
 * a new route is covered the day it is documented. The requests go over a real socket (fetch), so
 * invalid UTF-8 and wrong content types reach the service as a client would send them.
 */

type Schema = Record<string, unknown> & { $ref?: string };
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  $ref?: string;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, Parameter> };
}

const spec = parse(readFileSync(SPEC_PATH, 'utf8')) as Spec;

/** Percent-encoded as they would come in a URL (a few of them not valid UTF-8 once decoded). */
const HOSTILE_IN_URL = [
  'constructor',
  '__proto__',
  'toString',
  '%00',
  'a%00b',
  '%FF',
  '%C0%80',
  '%ED%A0%80',
  'x'.repeat(5000),
  '..%2F..',
  '%E2%80%AE',
  '99999999999999999999999',
  '-1',
  '0',
  '1.5',
  'NaN',
  '1e400',
  '%20',
  '%0A',
  'null',
  '[]',
  '%F0%9F',
  'a,b',
  "'",
  '%22',
  '%5C',
];

const HOSTILE_VALUES: unknown[] = [
  null,
  0,
  -1,
  1e308,
  1.5,
  true,
  '',
  'a\u0000b',
  'x'.repeat(100_000),
  '\uD800',
  [],
  [null],
  {},
  { constructor: 1 },
  { toString: 'x' },
  [[[[[[[[[[]]]]]]]]]],
  '__proto__',
  'constructor',
  '9'.repeat(40),
  '2026-13-45T99:99:99Z',
];

const MALFORMED_BODIES: Array<string | Buffer> = [
  '',
  'null',
  '[]',
  '"x"',
  '1',
  '{',
  '{"a":',
  '{}',
  '{"__proto__":{"x":1}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '['.repeat(5000) + ']'.repeat(5000),
  '{"a":'.repeat(3000) + '1' + '}'.repeat(3000),
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), // {"a":"<invalid UTF-8>"}
];

function resolve<T>(value: T & { $ref?: string }): T {
  let v: unknown = value;
  while (v && typeof v === 'object' && '$ref' in v && typeof v.$ref === 'string')
    v = v.$ref
      .split('/')
      .slice(1)
      .reduce((o: unknown, k) => (o as Record<string, unknown>)[k], spec);
  return v as T;
}

/** A plausible instance of a schema: its example, its first enum value, or one built from its properties. */
function example(schema: Schema | undefined, depth = 0): unknown {
  const s = schema ? resolve<Schema>(schema) : undefined;
  if (!s || depth > 4) return 'x';
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.enum)) return s.enum[0];
  const choice = (s.oneOf ?? s.anyOf) as Schema[] | undefined;
  if (choice) return example(choice[0], depth + 1);
  if (Array.isArray(s.allOf))
    return Object.assign({}, ...(s.allOf as Schema[]).map((x) => example(x, depth + 1)));
  if (s.type === 'object' || s.properties) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>))
      o[k] = example(v, depth + 1);
    return o;
  }
  if (s.type === 'array') return [example(s.items as Schema, depth + 1)];
  return { string: 'x', integer: 1, number: 1, boolean: true }[s.type as string] ?? 'x';
}

describe('every documented route, fed hostile input, answers without a 5xx', () => {
  let t: TestApp;
  let base: string;
  const good: Record<string, string> = {
    entityType: 'customer',
    domain: 'crm',
    sourceId: 'FUZZ-1',
    id: '1',
    version: '1',
  };

  beforeAll(async () => {
    // The rate limit would turn most of these into 429s, which would hide what the routes answer.
    t = await startTestApp({
      KAFKA_BROKERS: undefined,
      MATCHERS_DIR: testMatchersDir(),
      RATE_LIMIT_PER_MINUTE: '100000000',
    });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const res = await fetch(`${base}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [upsert('FUZZ-1', 1)] }),
    });
    good.goldenId = ((await res.json()) as { results: Array<{ goldenId: string }> }).results[0].goldenId;
  });
  afterAll(() => t?.close());

  const operations = Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => [method.toUpperCase(), path, op] as const),
  );

  it.each(operations.map(([method, path, op]) => [`${method} ${path}`, method, path, op] as const))(
    '%s',
    async (_, method, path, op) => {
      const failures: string[] = [];
      const hit = async (url: string, body?: string | Buffer, contentType = 'application/json') => {
        const res = await fetch(base + url, {
          method,
          body: method === 'GET' ? undefined : body,
          headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': contentType },
        });
        const text = await res.text();
        if (res.status >= 500)
          failures.push(
            `${res.status} ${url.slice(0, 200)} ${String(body ?? '').slice(0, 200)} -> ${text.slice(0, 200)}`,
          );
      };
      const params = (op.parameters ?? []).map((p) => resolve<Parameter>(p));
      const url = (override: Record<string, string> = {}, extra = '') => {
        const filled = path.replace(
          /\{(\w+)\}/g,
          (_m, k: string) => override[k] ?? encodeURIComponent(good[k] ?? 'x'),
        );
        const query = params
          .filter((p) => p.in === 'query' && (p.required || override[p.name] !== undefined))
          .map((p) => `${p.name}=${override[p.name] ?? encodeURIComponent(good[p.name] ?? 'x')}`);
        if (extra) query.push(extra);
        return query.length > 0 ? `${filled}?${query.join('&')}` : filled;
      };
      const schema = op.requestBody?.content?.['application/json']?.schema;
      const documented = schema ? example(schema) : undefined;
      const plain = documented === undefined ? undefined : JSON.stringify(documented);

      for (const p of params) for (const value of HOSTILE_IN_URL) await hit(url({ [p.name]: value }), plain);
      for (const p of params.filter((x) => x.in === 'query')) {
        await hit(url({}, `${p.name}=a&${p.name}=b`), plain);
        await hit(url({}, `${p.name}[a]=1`), plain);
      }
      if (method !== 'GET') {
        for (const body of MALFORMED_BODIES) await hit(url(), body);
        await hit(url(), 'a=1&b=2', 'application/x-www-form-urlencoded');
        await hit(url(), 'x', 'text/plain');
        await hit(url(), plain ?? '{}', 'application/json; charset=latin1');
      }
      if (documented && typeof documented === 'object' && !Array.isArray(documented)) {
        const fields = documented as Record<string, unknown>;
        for (const [k, v0] of Object.entries(fields)) {
          for (const value of HOSTILE_VALUES) await hit(url(), JSON.stringify({ ...fields, [k]: value }));
          const inner = Array.isArray(v0) ? v0[0] : v0;
          if (!inner || typeof inner !== 'object') continue;
          for (const k2 of Object.keys(inner))
            for (const value of HOSTILE_VALUES) {
              const changed = { ...(inner as Record<string, unknown>), [k2]: value };
              await hit(url(), JSON.stringify({ ...fields, [k]: Array.isArray(v0) ? [changed] : changed }));
            }
        }
      }
      expect(failures).toEqual([]);
    },
  );
});
