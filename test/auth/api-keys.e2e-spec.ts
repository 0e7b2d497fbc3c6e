import request from 'supertest';
import { DataSource } from 'typeorm';
import { NO_AUTH_HEADER, startTestApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { writeMatchersDir } from '../support/matchers';

const as = (key: string) => ({ Authorization: `Bearer ${key}` });

describe('API keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ MATCHERS_DIR: writeMatchersDir(), KAFKA_BROKERS: undefined });
  });
  afterAll(() => t?.close());

  it('creates a key that works, stores only its hash, lists it without the secret, and audits it', async () => {
    const server = t.app.getHttpServer();
    const created = await request(server)
      .post('/v1/admin/keys')
      .set(as(TEST_ADMIN_KEY))
      .send({ name: 'bi-tool', role: 'reader' })
      .expect(201);
    const { key, id } = created.body as { key: string; id: string };
    expect(key).toMatch(/^jk_[A-Za-z0-9_-]{43}$/);
    const stored: Array<{ key_hash: string }> = await t.app
      .get(DataSource)
      .query(`SELECT key_hash FROM api_keys WHERE id = $1`, [id]);
    expect(stored[0].key_hash).not.toContain(key);
    expect(stored[0].key_hash).toMatch(/^[0-9a-f]{64}$/);

    await request(server)
      .get('/v1/golden/search?entityType=person&q=x')
      .set(as(key))
      .expect((res) => expect([200, 400, 404]).toContain(res.status));
    const list = await request(server).get('/v1/admin/keys').set(as(TEST_ADMIN_KEY)).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect((list.body as { items: Array<{ id: string }> }).items.map((k) => k.id)).toContain(id);

    const audit = await request(server)
      .get('/v1/audit?action=api_key.create')
      .set(as(TEST_ADMIN_KEY))
      .expect(200);
    expect(JSON.stringify(audit.body)).toContain(`api_key:${id}`);
    expect(JSON.stringify(audit.body)).not.toContain(key);
  });

  it('refuses a revoked key', async () => {
    const server = t.app.getHttpServer();
    const { key, id } = (
      await request(server)
        .post('/v1/admin/keys')
        .set(as(TEST_ADMIN_KEY))
        .send({ name: 'temp', role: 'steward' })
        .expect(201)
    ).body as { key: string; id: string };
    await request(server).get('/v1/admin/keys').set(as(key)).expect(403);
    await request(server)
      .delete(`/v1/admin/keys/${id}`)
      .set(as(TEST_ADMIN_KEY))
      .send({ reason: 'rotated' })
      .expect(200);
    const refused = await request(server).get('/v1/review').set(as(key)).expect(401);
    expect(refused.body).toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
  });

  it('refuses malformed and unknown keys with 401 and a reason', async () => {
    const server = t.app.getHttpServer();
    for (const header of ['Bearer', 'Basic abc', 'Bearer nope']) {
      const res = await request(server)
        .get('/v1/review')
        .set(NO_AUTH_HEADER, '1')
        .set('Authorization', header)
        .expect(401);
      expect(res.body.message).toBeTruthy();
    }
  });

  it('validates key creation per field', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/v1/admin/keys')
      .set(as(TEST_ADMIN_KEY))
      .send({ role: 'root' })
      .expect(400);
    const fields = (res.body as { details: Array<{ field: string }> }).details.map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'role']));
  });
});

describe('rate limits per key', () => {
  it('answers 429 with COMMON.RATE_LIMITED once a key exceeds its budget, without slowing other keys', async () => {
    const t = await startTestApp({
      MATCHERS_DIR: writeMatchersDir(),
      KAFKA_BROKERS: undefined,
      RATE_LIMIT_PER_MINUTE: '5',
    });
    try {
      const server = t.app.getHttpServer();
      const { key } = (
        await request(server)
          .post('/v1/admin/keys')
          .set(as(TEST_ADMIN_KEY))
          .send({ name: 'busy', role: 'reader' })
          .expect(201)
      ).body as { key: string };
      const statuses: number[] = [];
      const remaining: unknown[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await request(server).get('/v1/golden/search?entityType=person&q=ada').set(as(key));
        statuses.push(res.status);
        remaining.push(res.headers['x-ratelimit-remaining']);
      }
      expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
      expect(statuses[5]).toBe(429);
      // Each answer within the budget says what is left of it.
      expect(remaining.slice(0, 5)).toEqual(['4', '3', '2', '1', '0']);
      const limited = await request(server)
        .get('/v1/golden/search?entityType=person&q=ada')
        .set(as(key))
        .expect(429);
      expect(limited.body).toEqual({
        code: 'COMMON.RATE_LIMITED',
        message: 'ThrottlerException: Too Many Requests',
        details: [],
      });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Another key has its own budget.
      await request(server).get('/v1/admin/keys').set(as(TEST_ADMIN_KEY)).expect(200);
    } finally {
      await t.close();
    }
  });
});
