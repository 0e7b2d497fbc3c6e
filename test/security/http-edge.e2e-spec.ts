import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { NO_AUTH_HEADER, startTestApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { count, testMatchersDir, upsert } from '../ingestion/support/fixtures';

/** Sends a Buffer as it is (superagent would JSON-serialise it under a JSON Content-Type). */
const raw = (body: unknown): string => body as string;
const events = (...list: unknown[]) => JSON.stringify({ events: list });

/** The HTTP edge: nothing is read before the caller is known, bodies are decoded strictly, limits hold. */
describe('HTTP edge hardening', () => {
  let t: TestApp;
  const keys: Record<string, string> = {};
  const server = () => t.app.getHttpServer();
  const post = (path: string, key: string | null) => {
    const r = request(server()).post(path);
    return key === null ? r.set(NO_AUTH_HEADER, '1') : r.set('Authorization', `Bearer ${key}`);
  };
  /** Ingests one customer; its golden id. */
  const goldenOf = async (sourceId: string): Promise<string> => {
    const res = await post('/v1/events', keys.ingest)
      .send({ events: [upsert(sourceId, 1)] })
      .expect(200);
    return res.body.results[0].goldenId as string;
  };

  beforeAll(async () => {
    t = await startTestApp({ KAFKA_BROKERS: undefined, MATCHERS_DIR: testMatchersDir() });
    for (const role of ['reader', 'ingest']) {
      const res = await post('/v1/admin/keys', TEST_ADMIN_KEY).send({ name: role, role }).expect(201);
      keys[role] = (res.body as { key: string }).key;
    }
  });
  afterAll(() => t?.close());

  describe('no body is read before the caller is known', () => {
    it('answers 401 to a body without a key, without parsing it', async () => {
      const res = await post('/v1/events', null).set('Content-Type', 'application/json').send('{not json');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH.UNAUTHENTICATED');
    });

    it('answers 401 to a body larger than any limit without a key', async () => {
      const res = await post('/v1/events', 'not-a-key')
        .set('Content-Type', 'application/json')
        .send(`"${'x'.repeat(17 * 1024 * 1024)}"`);
      expect(res.status).toBe(401);
    });

    it('answers 403 to a key of the wrong role without parsing its body', async () => {
      const res = await post('/v1/events', keys.reader)
        .set('Content-Type', 'application/json')
        .send('{not json');
      expect(res.status).toBe(403);
    });

    it('limits bodies per route: small JSON everywhere but ingestion', async () => {
      const res = await post('/v1/admin/keys', TEST_ADMIN_KEY).send({
        name: 'x'.repeat(100_000),
        role: 'reader',
      });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('COMMON.PAYLOAD_TOO_LARGE');
    });
  });

  describe('bodies are decoded strictly', () => {
    it('refuses invalid UTF-8 with 400 COMMON.INVALID_ENCODING and stores nothing', async () => {
      // `COL-\xC3`: a lone lead byte that a lenient decoder would turn into U+FFFD.
      const [head, tail] = events(upsert('COL-@', 1)).split('@');
      const body = Buffer.concat([Buffer.from(head), Buffer.from([0xc3]), Buffer.from(tail)]);
      const res = await post('/v1/events', keys.ingest)
        .set('Content-Type', 'application/json')
        .serialize(raw)
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('COMMON.INVALID_ENCODING');
      expect(await count(t.db.url, 'source_records', `source_id LIKE 'COL-%'`)).toBe(0);
    });

    it.each([
      ['an unsupported charset', { 'Content-Type': 'application/json; charset=latin1' }],
      ['an unsupported content encoding', { 'Content-Type': 'application/json', 'Content-Encoding': 'br' }],
      ['a type that is not JSON', { 'Content-Type': 'application/xml' }],
    ])('refuses %s with 415', async (_what, headers) => {
      const res = await post('/v1/events', keys.ingest)
        .set(headers)
        .send(events(upsert('CS-1', 1)));
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('COMMON.UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses a corrupt gzip body with 400 and accepts a good one', async () => {
      const gz = gzipSync(events(upsert('GZ-1', 1)));
      const corrupt = await post('/v1/events', keys.ingest)
        .set({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
        .serialize(raw)
        .send(gz.subarray(0, gz.length - 12));
      expect(corrupt.status).toBe(400);
      expect(corrupt.body.code).toBe('COMMON.INVALID_ENCODING');
      const good = await post('/v1/events', keys.ingest)
        .set({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
        .serialize(raw)
        .send(gz);
      expect(good.body).toMatchObject({ summary: { applied: 1 } });
      expect(good.body.summary.applied).toBe(1);
    });
  });

  describe('every path and query parameter is validated', () => {
    let goldenId: string;
    beforeAll(async () => (goldenId = await goldenOf('PARAM-1')));

    it.each([
      ['/v1/golden/a%00b', 'path.goldenId'],
      ['/v1/golden/a%00b/history', 'path.goldenId'],
      ['/v1/golden/a%00b/explain', 'path.goldenId'],
      ['/v1/xref/customer/crm/a%00b', 'path.sourceId'],
      ['/v1/xref/customer/c%00rm/a', 'path.domain'],
      ['/v1/golden/search?entityType=customer&q=a%00b', 'query.q'],
      ['/v1/golden/search?entityType=cust%00omer&q=ab', 'query.entityType'],
      ['/v1/audit?target=a%00b', 'query.target'],
      ['/v1/audit?actor=a%00b', 'query.actor'],
      ['/v1/review?entityType=a%00', 'query.entityType'],
      ['/v1/constraints?entityType=a%00', 'query.entityType'],
      ['/v1/xref/export?entityType=customer&domain=a%00', 'query.domain'],
    ])('GET %s is 400 naming %s', async (url, field) => {
      const res = await request(server()).get(url).set('Authorization', `Bearer ${TEST_ADMIN_KEY}`);
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('refuses history?after=1e20 with 400 naming `after`', async () => {
      const res = await request(server())
        .get(`/v1/golden/${goldenId}/history?after=1e20`)
        .set('Authorization', `Bearer ${keys.reader}`);
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'after' })]);
    });
  });

  describe('a NUL or an unpaired surrogate in a JSON body is 400 naming the field, never a 500', () => {
    let goldenId: string;
    beforeAll(async () => (goldenId = await goldenOf('NUL-1')));

    it.each([
      ['/v1/review/1/assign', { assignee: 'a\u0000b' }, 'assignee'],
      ['/v1/admin/keys', { name: 'a\u0000b', role: 'reader' }, 'name'],
      // PostgreSQL's JSON parser refuses the lone surrogate's escape in the key's audit row.
      ['/v1/admin/keys', { name: 'a\uD800', role: 'reader' }, 'name'],
      ['/v1/review/1/assign', { assignee: '\uDC00' }, 'assignee'],
      [
        '/v1/golden/{g}/split',
        { members: [{ domain: 'crm', sourceId: 'NUL\u0000' }], reason: 'r' },
        'members[0].sourceId',
      ],
      [
        '/v1/golden/{g}/split',
        { members: [{ domain: 'crm', sourceId: 'NUL-1' }], reason: 'r\u0000' },
        'reason',
      ],
      [
        '/v1/xref/resolve',
        { keys: [{ entityType: 'customer', domain: 'crm', sourceId: 'a\u0000b' }] },
        'keys[0].sourceId',
      ],
    ])('POST %s', async (path, body, field) => {
      const res = await post(path.replace('{g}', goldenId), TEST_ADMIN_KEY).send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('COMMON.VALIDATION_FAILED');
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });
  });

  it('answers a DTO body nested as deep as its byte limit allows with 400, not a stack overflow', async () => {
    const depth = 30_000; // 60 KB of brackets
    const res = await post('/v1/review/1/assign', TEST_ADMIN_KEY)
      .set('Content-Type', 'application/json')
      .send(`{"assignee": ${'['.repeat(depth)}"a\\u0000"${']'.repeat(depth)}}`);
    expect(res.status).toBe(400);
    const plain = await post('/v1/review/1/assign', TEST_ADMIN_KEY)
      .set('Content-Type', 'application/json')
      .send(`{"assignee": ${'['.repeat(depth)}"a"${']'.repeat(depth)}}`);
    expect(plain.status).toBe(400);
  });

  it('refuses a YAML alias bomb sent to the matcher diff with 400', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]']
      .concat(
        [...'bcdefghi'].map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
      )
      .join('\n');
    const res = await post('/v1/admin/matchers/customer/diff', TEST_ADMIN_KEY)
      .set('Content-Type', 'text/yaml')
      .send(bomb);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('ADMIN.INVALID_MATCHER_CONFIG');
  });

  it('labels unknown paths `unmatched` in metrics', async () => {
    await request(server()).get('/no/such/route').expect(404);
    const metrics = await request(server()).get('/metrics').expect(200);
    expect(metrics.text).toContain('route="unmatched",status="404"');
    expect(metrics.text).not.toContain('{*path}');
  });

  it('sends nosniff and no-store, and no X-Powered-By', async () => {
    const res = await request(server())
      .get('/v1/golden/search?entityType=customer&q=ab')
      .set('Authorization', `Bearer ${keys.reader}`);
    expect(res.status).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('rate limits', () => {
  let t: TestApp;
  let reader: string;

  beforeAll(async () => {
    t = await startTestApp({
      KAFKA_BROKERS: undefined,
      MATCHERS_DIR: testMatchersDir(),
      AUTH_FAILURES_PER_MINUTE: '5',
      RATE_LIMIT_PER_MINUTE: '8',
    });
    const res = await request(t.app.getHttpServer())
      .post('/v1/admin/keys')
      .send({ name: 'reader', role: 'reader' })
      .expect(201);
    reader = (res.body as { key: string }).key;
  });
  afterAll(() => t?.close());

  it('limits each key across routes, not per route', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const path = i % 2 === 0 ? '/v1/golden/search?entityType=customer&q=ab' : '/v1/xref/customer/crm/X-1';
      statuses.push(
        (await request(t.app.getHttpServer()).get(path).set('Authorization', `Bearer ${reader}`)).status,
      );
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
  });

  it('limits failed authentication per address, before looking the key up', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await request(t.app.getHttpServer())
        .get('/v1/golden/search?entityType=customer&q=ab')
        .set('Authorization', `Bearer guess-${i}`);
      statuses.push(res.status);
      if (res.status === 429) expect(res.body.code).toBe('COMMON.RATE_LIMITED');
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });
});
