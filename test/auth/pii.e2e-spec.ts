import request from 'supertest';
import { startTestApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { PII_PERSON_MATCHER, writeMatchersDir } from '../support/matchers';
import { applyChanges } from '../support/resolution-harness';

describe('PII masking by role', () => {
  let t: TestApp;
  let goldenId: string;
  const keys: Record<string, string> = {};
  const as = (role: string) => ({ Authorization: `Bearer ${keys[role]}` });

  beforeAll(async () => {
    t = await startTestApp({
      MATCHERS_DIR: writeMatchersDir({ person: PII_PERSON_MATCHER }),
      KAFKA_BROKERS: undefined,
    });
    for (const role of ['reader', 'steward']) {
      const res = await request(t.app.getHttpServer())
        .post('/v1/admin/keys')
        .set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)
        .send({ name: role, role });
      keys[role] = (res.body as { key: string }).key;
    }
    const ada = {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      dob: '1815-12-10',
      ssn: '111223333',
      'address.line1': '12 St James Square',
      'address.line2': 'Flat Nine',
      'address.city': 'London',
      nick: 'Countess',
    };
    await applyChanges(t.app, 'person', [{ domain: 'crm', sourceId: 'C-1', attributes: ada }]);
    const linked = await applyChanges(t.app, 'person', [
      { domain: 'billing', sourceId: 'B-1', attributes: { ...ada, ssn: undefined } },
    ]);
    goldenId = [...linked.values()][0]!;
  });
  afterAll(() => t?.close());

  it('masks PII fields for readers and leaves the others clear', async () => {
    const res = await request(t.app.getHttpServer())
      .get(`/v1/golden/${goldenId}`)
      .set(as('reader'))
      .expect(200);
    const attributes = res.body.attributes as Record<string, { value: unknown }>;
    expect(attributes.email.value).toBe('***');
    expect(attributes.name.value).toBe('***');
    expect(attributes.dob.value).toBe('1815-12-10');
    expect(attributes['address.city'].value).toBe('London');
    expect(attributes['address.line1'].value).toBe('***');
    expect(attributes['address.line2'].value).toBe('***');
    expect(attributes.nick.value).toBe('***');
    expect(JSON.stringify(res.body)).not.toContain('ada@example.com');
    expect(JSON.stringify(res.body)).not.toMatch(/James|Nine|Countess/);
  });

  it('masks dotted and derived PII fields in search results and history for readers', async () => {
    const server = t.app.getHttpServer();
    const search = await request(server)
      .get('/v1/golden/search')
      .query({ entityType: 'person', q: 'London' })
      .set(as('reader'))
      .expect(200);
    expect(search.body.results.map((r: { goldenId: string }) => r.goldenId)).toContain(goldenId);
    const history = await request(server).get(`/v1/golden/${goldenId}/history`).set(as('reader')).expect(200);
    for (const body of [search.body, history.body])
      expect(JSON.stringify(body)).not.toMatch(/James|Nine|Countess|Lovelace|111223333/);
  });

  it.each([
    ['a national id', '111223333'],
    ['an email', 'ada@example.com'],
    ['a street', '12 St James Square'],
  ])('does not let a reader confirm %s by searching for it', async (_what, q) => {
    const server = t.app.getHttpServer();
    const reader = await request(server)
      .get('/v1/golden/search')
      .query({ entityType: 'person', q })
      .set(as('reader'))
      .expect(200);
    expect(reader.body.results.map((r: { goldenId: string }) => r.goldenId)).not.toContain(goldenId);
    // A steward may search on them (and the read is audited).
    const steward = await request(server)
      .get('/v1/golden/search')
      .query({ entityType: 'person', q })
      .set(as('steward'))
      .expect(200);
    expect(steward.body.results[0]).toMatchObject({ goldenId, score: 1 });
  });

  it('masks values inside blocking keys of explanations for readers', async () => {
    const res = await request(t.app.getHttpServer())
      .get(`/v1/golden/${goldenId}/explain`)
      .set(as('reader'))
      .expect(200);
    expect(JSON.stringify(res.body)).not.toContain('ada@example.com');
    expect(JSON.stringify(res.body)).not.toMatch(/lovelace/i);
  });

  it("audits a steward's explain, whose blocking keys carry clear values", async () => {
    const server = t.app.getHttpServer();
    await request(server).get(`/v1/golden/${goldenId}/explain`).set(as('steward')).expect(200);
    const audit = await request(server)
      .get(`/v1/audit?action=pii.read&target=golden:${goldenId}:explain`)
      .set(as('steward'))
      .expect(200);
    expect(audit.body.items).toHaveLength(1);
  });

  it('masks PII in history for readers', async () => {
    const res = await request(t.app.getHttpServer())
      .get(`/v1/golden/${goldenId}/history`)
      .set(as('reader'))
      .expect(200);
    expect(JSON.stringify(res.body)).not.toContain('ada@example.com');
  });

  it('shows stewards the clear values and audits that read', async () => {
    const server = t.app.getHttpServer();
    const res = await request(server).get(`/v1/golden/${goldenId}`).set(as('steward')).expect(200);
    expect(res.body.attributes.email.value).toBe('ada@example.com');
    const audit = await request(server)
      .get(`/v1/audit?action=pii.read&target=golden:${goldenId}`)
      .set(as('steward'))
      .expect(200);
    expect(audit.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'pii.read', target: `golden:${goldenId}` })]),
    );
  });
});
