import request from 'supertest';
import { startTestApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { PERSON_MATCHER, writeMatchersDir } from '../support/matchers';
import { applyChanges } from '../support/resolution-harness';

// The test person matcher with its name and email marked as personal data.
const PII_MATCHER = PERSON_MATCHER.replace(
  'name: { normalizers: [person_name] }',
  'name: { normalizers: [person_name], pii: true }',
).replace('email: { normalizers: [email] }', 'email: { normalizers: [email], pii: true }');

describe('PII masking by role', () => {
  let t: TestApp;
  let goldenId: string;
  const keys: Record<string, string> = {};
  const as = (role: string) => ({ Authorization: `Bearer ${keys[role]}` });

  beforeAll(async () => {
    t = await startTestApp({
      MATCHERS_DIR: writeMatchersDir({ person: PII_MATCHER }),
      KAFKA_BROKERS: undefined,
    });
    for (const role of ['reader', 'steward']) {
      const res = await request(t.app.getHttpServer())
        .post('/v1/admin/keys')
        .set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)
        .send({ name: role, role });
      keys[role] = (res.body as { key: string }).key;
    }
    const ada = { name: 'Ada Lovelace', email: 'ada@example.com', dob: '1815-12-10', ssn: '111' };
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
    expect(attributes.email.value).toBe('a***@example.com');
    expect(attributes.name.value).toBe('A***');
    expect(attributes.dob.value).toBe('1815-12-10');
    expect(JSON.stringify(res.body)).not.toContain('ada@example.com');
  });

  it('masks values inside blocking keys of explanations for readers', async () => {
    const res = await request(t.app.getHttpServer())
      .get(`/v1/golden/${goldenId}/explain`)
      .set(as('reader'))
      .expect(200);
    expect(JSON.stringify(res.body)).not.toContain('ada@example.com');
    expect(JSON.stringify(res.body)).not.toMatch(/lovelace/i);
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
