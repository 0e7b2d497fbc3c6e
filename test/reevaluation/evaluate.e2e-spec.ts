import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { writeMatchersDir } from '../support/matchers';
import { expectToMatchSpec } from '../support/openapi';
import { applyChanges } from '../support/resolution-harness';
import { gradedPeople } from './support';

const ref = (sourceId: string) => ({ entityType: 'person', domain: sourceId.split('-')[0], sourceId });

describe('POST /v1/admin/evaluate', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ MATCHERS_DIR: writeMatchersDir(), KAFKA_BROKERS: undefined });
    await applyChanges(t.app, 'person', gradedPeople(40));
  });
  afterAll(() => t.close());

  it('scores the partition against labelled pairs and lists the pairs it gets wrong', async () => {
    // Every crm-i / billing-i pair is the same person; the matcher links only i % 4 = 0 or 1.
    const pairs = [
      ...Array.from({ length: 40 }, (_, i) => ({ a: ref(`crm-${i}`), b: ref(`billing-${i}`), match: true })),
      { a: ref('crm-0'), b: ref('crm-1'), match: false },
      { a: ref('crm-0'), b: ref('crm-999'), match: true }, // unknown record
    ];
    const res = await request(t.app.getHttpServer()).post('/v1/admin/evaluate').send({ pairs, maxErrors: 5 });
    expect(res.status).toBe(200);
    expectToMatchSpec(res, 'post', '/v1/admin/evaluate');
    expect(res.body).toMatchObject({
      labels: 'pairs',
      pairs: 42,
      skipped: 1,
      truePositives: 20,
      falsePositives: 0,
      falseNegatives: 20,
      trueNegatives: 1,
      precision: 1,
      recall: 0.5,
    });
    expect(res.body.f1).toBeCloseTo(2 / 3, 10);
    expect(res.body.errors).toHaveLength(5);
    expect(res.body.errors[0]).toEqual({
      a: ref('crm-2'),
      b: ref('billing-2'),
      label: 'match',
      predicted: 'no-match',
    });
  });

  it('uses steward decisions as labels when no pairs are given', async () => {
    const ids: Array<{ id: string }> = await t.app
      .get(DataSource)
      .query(`SELECT id::text FROM source_records WHERE source_id IN ('crm-0', 'billing-0') ORDER BY id`);
    await t.app
      .get(DataSource)
      .query(
        `INSERT INTO link_constraints (entity_type, kind, record_a, record_b, created_by, reason) VALUES ('person', 'cannot_link', $1, $2, 'test', 'not the same')`,
        [ids[0].id, ids[1].id],
      );
    const res = await request(t.app.getHttpServer())
      .post('/v1/admin/evaluate')
      .send({ entityType: 'person' });
    expect(res.status).toBe(200);
    expectToMatchSpec(res, 'post', '/v1/admin/evaluate');
    // The constraint is recorded but nothing reclustered here: the pair is still together, a false positive.
    expect(res.body).toMatchObject({
      labels: 'steward',
      pairs: 1,
      falsePositives: 1,
      precision: 0,
      recall: null,
    });
  });

  it('refuses malformed pairs', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/v1/admin/evaluate')
      .send({ pairs: [{ a: ref('crm-0'), b: { domain: 'x' }, match: 'yes' }] });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['pairs[0].b', 'pairs[0].match']);
    expectToMatchSpec(res, 'post', '/v1/admin/evaluate');
  });

  it('refuses a NUL in a key or in entityType with 400, not a database error', async () => {
    const server = t.app.getHttpServer();
    const res = await request(server)
      .post('/v1/admin/evaluate')
      .send({ pairs: [{ a: ref('crm-0'), b: { ...ref('crm-1'), sourceId: 'crm-\u00001' }, match: true }] });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['pairs[0].b.sourceId']);
    expectToMatchSpec(res, 'post', '/v1/admin/evaluate');
    const steward = await request(server).post('/v1/admin/evaluate').send({ entityType: 'per\u0000son' });
    expect(steward.status).toBe(400);
    expect(steward.body.details).toEqual([expect.objectContaining({ field: 'entityType' })]);
  });
});
