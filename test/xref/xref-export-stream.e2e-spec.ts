import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { expectEventually } from '../ingestion/support/fixtures';
import { startTestApp, TestApp } from '../support/app';
import { expectToMatchSpec } from '../support/openapi';
import { xrefMatchersDir } from './xref-fixtures';

const ROUTE = '/v1/xref/export';
/** Several MB of ndjson: far more than socket buffers and the stream's own buffers hold. */
const ROWS = 40_000;

/** Starts an export and stops reading after its first chunk; `close()` then hangs up. */
function openAndStall(base: string): Promise<{ status: number; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${ROUTE}?entityType=person`, (res) => {
      res.once('data', () => {
        res.pause();
        resolve({ status: res.statusCode ?? 0, close: () => req.destroy() });
      });
    });
    req.on('error', (e) => (e.message === 'socket hang up' ? undefined : reject(e)));
  });
}

describe('GET /v1/xref/export, streaming', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ MATCHERS_DIR: xrefMatchersDir(), KAFKA_BROKERS: undefined });
    await t.app.get(DataSource).query(
      `INSERT INTO golden_memberships (golden_id, record_id, entity_type, domain, source_id, cause, valid_from)
       SELECT 'g-' || (i / 2), i, 'person', 'crm', 'C-' || i, 'new', now() FROM generate_series(1, ${ROWS}) AS i`,
    );
    const server = t.app.getHttpServer() as http.Server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => t?.close());

  it('streams every row', async () => {
    const res = await request(t.app.getHttpServer()).get(`${ROUTE}?entityType=person&format=csv`).expect(200);
    expectToMatchSpec(res, 'get', ROUTE);
    expect(res.text.trimEnd().split('\r\n')).toHaveLength(ROWS + 1);
  });

  it('refuses a third concurrent export with 503 while two clients read slowly', async () => {
    const first = await openAndStall(base);
    const second = await openAndStall(base);
    try {
      expect([first.status, second.status]).toEqual([200, 200]);
      const third = await request(t.app.getHttpServer()).get(`${ROUTE}?entityType=person`).expect(503);
      expectToMatchSpec(third, 'get', ROUTE);
      expect(third.body.code).toBe('COMMON.UNAVAILABLE');
    } finally {
      first.close();
      second.close();
    }
  });

  it('gives back its connection and its slot when the client goes away mid-stream', async () => {
    // More abandoned exports than the pool has connections (10): a leak would exhaust it.
    for (let i = 0; i < 12; i++) {
      const stalled = await openAndStall(base);
      stalled.close();
      await expectEventually(
        async () =>
          (await request(t.app.getHttpServer()).get(`${ROUTE}?entityType=person&limit=1`)).status === 200,
        10_000,
        'an export slot to free up',
      );
    }
    const lookup = await request(t.app.getHttpServer())
      .post('/v1/xref/resolve')
      .send({ keys: [{ entityType: 'person', domain: 'crm', sourceId: 'C-1' }] })
      .expect(200);
    expectToMatchSpec(lookup, 'post', '/v1/xref/resolve');
    expect(lookup.body.results[0].goldenId).toBe('g-0');
    const [{ n }]: Array<{ n: string }> = await t.app
      .get(DataSource)
      .query(
        `SELECT count(*)::text AS n FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE '%FROM golden_memberships m%' AND state = 'active' AND pid <> pg_backend_pid()`,
      );
    expect(n).toBe('0');
  });
});
