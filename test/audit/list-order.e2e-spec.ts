import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { writeMatchersDir } from '../support/matchers';

/**
 * Lists are newest first by their bigint id, numerically: with ids past 9, an order on the
 * `id::text` output would put entry 9 above entry 12, and keyset pages (`id < cursor`) would skip
 * entries.
 */
describe('newest-first lists past id 9', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ MATCHERS_DIR: writeMatchersDir(), KAFKA_BROKERS: undefined });
    // Each key creation writes one audit entry.
    for (let i = 1; i <= 12; i++) {
      await request(t.app.getHttpServer())
        .post('/v1/admin/keys')
        .send({ name: `audit-order-${i}`, role: 'reader' })
        .expect(201);
    }
  });
  afterAll(() => t?.close());

  it('lists every entry once, in descending numeric id order, across pages', async () => {
    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await request(t.app.getHttpServer())
        .get('/v1/audit')
        .query({ action: 'api_key.create', limit: 5, ...(cursor ? { cursor } : {}) })
        .expect(200);
      ids.push(...(res.body.items as Array<{ id: string }>).map((e) => Number(e.id)));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(ids).toHaveLength(12);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(12);
  });

  it('lists API keys in descending numeric id order', async () => {
    const res = await request(t.app.getHttpServer()).get('/v1/admin/keys').expect(200);
    const ids = (res.body.items as Array<{ id: string }>).map((k) => Number(k.id));
    expect(ids).toHaveLength(12);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });
});
