import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { expectToMatchSpec } from '../support/openapi';
import {
  dbNow,
  mergeScenario,
  MergeScenario,
  remove,
  setReferences,
  splitScenario,
  SplitScenario,
  upsert,
  xrefMatchersDir,
} from './xref-fixtures';

const ROUTE = '/v1/xref/{entityType}/{domain}/{sourceId}';

describe('GET /v1/xref/{entityType}/{domain}/{sourceId}', () => {
  let t: TestApp;
  let merge: MergeScenario;
  let split: SplitScenario;
  let personOfC1: string;
  let beforeRefs: string;
  const get = (path: string) => request(t.app.getHttpServer()).get(path);

  beforeAll(async () => {
    t = await startTestApp({ MATCHERS_DIR: xrefMatchersDir(), KAFKA_BROKERS: undefined });
    merge = await mergeScenario(t.app);
    split = await splitScenario(t.app);
    personOfC1 = merge.older;
    await upsert(t.app, 'account', 'ledger', 'A-1', { iban: 'DE0001' });
    await upsert(t.app, 'account', 'cards', 'K-1', { iban: 'DE0001' });
    await setReferences(t.app, 'account', 'ledger', 'A-1', []);
    beforeRefs = await dbNow(t.app);
    await setReferences(t.app, 'account', 'ledger', 'A-1', [
      { entityType: 'person', domain: 'crm', sourceId: 'C-1', role: 'owner' },
      { entityType: 'person', domain: 'crm', sourceId: 'NOBODY', role: 'cosigner' },
    ]);
  });
  afterAll(() => t?.close());

  it('answers the golden id, every member with when and why it was linked, and the version', async () => {
    const res = await get('/v1/xref/person/billing/B-1').expect(200);
    expectToMatchSpec(res, 'get', ROUTE);
    expect(res.body).toMatchObject({
      entityType: 'person',
      domain: 'billing',
      sourceId: 'B-1',
      goldenId: merge.older,
      asOf: null,
    });
    expect(
      res.body.members.map((m: { domain: string; sourceId: string; cause: string }) => [
        m.domain,
        m.sourceId,
        m.cause,
      ]),
    ).toEqual([
      ['billing', 'B-1', 'merge'],
      ['crm', 'C-1', 'new'],
      ['support', 'S-1', 'match'],
    ]);
    // C-1 has been a member since its creation; B-1 only since the merge.
    const linkedAt = Object.fromEntries(
      res.body.members.map((m: { sourceId: string; linkedAt: string }) => [m.sourceId, m.linkedAt]),
    );
    expect(linkedAt['C-1'] < merge.beforeMerge && merge.beforeMerge < linkedAt['B-1']).toBe(true);
    expect(res.body.version).toBeGreaterThanOrEqual(3);
  });

  it('lists only the members of targetDomain', async () => {
    const res = await get('/v1/xref/person/crm/C-1?targetDomain=billing').expect(200);
    expectToMatchSpec(res, 'get', ROUTE);
    expect(res.body.members.map((m: { sourceId: string }) => m.sourceId)).toEqual(['B-1']);
  });

  it('resolves cross-type references to golden ids, null when the referenced record is unknown', async () => {
    const res = await get('/v1/xref/account/cards/K-1').expect(200);
    expectToMatchSpec(res, 'get', ROUTE);
    expect(res.body.members.map((m: { sourceId: string }) => m.sourceId)).toEqual(['K-1', 'A-1']);
    expect(res.body.references).toEqual([
      {
        from: { domain: 'ledger', sourceId: 'A-1' },
        role: 'owner',
        entityType: 'person',
        domain: 'crm',
        sourceId: 'C-1',
        goldenId: personOfC1,
      },
      {
        from: { domain: 'ledger', sourceId: 'A-1' },
        role: 'cosigner',
        entityType: 'person',
        domain: 'crm',
        sourceId: 'NOBODY',
        goldenId: null,
      },
    ]);
  });

  it('answers references as of a time from the record history', async () => {
    const res = await get(`/v1/xref/account/ledger/A-1?asOf=${beforeRefs}`).expect(200);
    expectToMatchSpec(res, 'get', ROUTE);
    expect(res.body.references).toEqual([]);
  });

  it('answers as of before a merge with the younger id and its own members, and after it with the survivor', async () => {
    const before = await get(`/v1/xref/person/billing/B-1?asOf=${merge.beforeMerge}`).expect(200);
    expectToMatchSpec(before, 'get', ROUTE);
    expect(before.body).toMatchObject({ goldenId: merge.younger, asOf: merge.beforeMerge, version: 1 });
    expect(
      before.body.members.map((m: { sourceId: string; cause: string }) => [m.sourceId, m.cause]),
    ).toEqual([['B-1', 'new']]);

    const after = await get(
      `/v1/xref/person/billing/B-1?asOf=${encodeURIComponent(merge.afterMerge)}`,
    ).expect(200);
    expectToMatchSpec(after, 'get', ROUTE);
    expect(after.body.goldenId).toBe(merge.older);
    expect(after.body.members).toHaveLength(3);
  });

  it('answers as of before a split with the whole entity, and after it with the new id', async () => {
    const before = await get(`/v1/xref/person/billing/B-2?asOf=${split.beforeSplit}`).expect(200);
    expectToMatchSpec(before, 'get', ROUTE);
    expect(before.body.goldenId).toBe(split.goldenId);
    expect(before.body.members.map((m: { sourceId: string }) => m.sourceId)).toEqual(['B-2', 'C-2', 'S-2']);

    const after = await get(`/v1/xref/person/billing/B-2?asOf=${split.afterSplit}`).expect(200);
    expectToMatchSpec(after, 'get', ROUTE);
    expect(after.body.goldenId).toBe(split.splitId);
    expect(split.splitId).not.toBe(split.goldenId);
    expect(after.body.members).toEqual([
      expect.objectContaining({ domain: 'billing', sourceId: 'B-2', cause: 'split' }),
    ]);
  });

  it('a linkedAt passed back as asOf selects the interval it came from (microseconds are kept)', async () => {
    const now = await get('/v1/xref/person/billing/B-2').expect(200);
    const linkedAt = now.body.members[0].linkedAt as string;
    expect(linkedAt).toMatch(/\.\d{6}Z$/);
    const res = await get(`/v1/xref/person/billing/B-2?asOf=${linkedAt}`).expect(200);
    expect(res.body.goldenId).toBe(split.splitId);
  });

  it('answers 404 XREF.UNKNOWN_KEY for a key that never existed, a deleted record, or a time before it existed', async () => {
    await upsert(t.app, 'person', 'crm', 'GONE', { name: 'Temporary Person', ssn: '999' });
    const whileAlive = await dbNow(t.app);
    await remove(t.app, 'person', 'crm', 'GONE');
    for (const path of [
      '/v1/xref/person/crm/NOPE',
      '/v1/xref/person/crm/GONE',
      `/v1/xref/person/crm/C-1?asOf=2000-01-01T00:00:00Z`,
    ]) {
      const res = await get(path).expect(404);
      expectToMatchSpec(res, 'get', ROUTE);
      expect(res.body.code).toBe('XREF.UNKNOWN_KEY');
    }
    const past = await get(`/v1/xref/person/crm/GONE?asOf=${whileAlive}`).expect(200);
    expectToMatchSpec(past, 'get', ROUTE);
  });

  it('takes a source id with a slash or spaces, URL-encoded', async () => {
    const goldenId = await upsert(t.app, 'person', 'erp', 'EU/42 7', { name: 'Slash Person', ssn: '4242' });
    const res = await get('/v1/xref/person/erp/EU%2F42%207').expect(200);
    expectToMatchSpec(res, 'get', ROUTE);
    expect(res.body).toMatchObject({ sourceId: 'EU/42 7', goldenId });
  });

  it('answers 400 XREF.UNKNOWN_ENTITY_TYPE for an entity type without a matcher', async () => {
    const res = await get('/v1/xref/persn/crm/C-1').expect(400);
    expectToMatchSpec(res, 'get', ROUTE);
    expect(res.body).toMatchObject({ code: 'XREF.UNKNOWN_ENTITY_TYPE', details: [{ field: 'entityType' }] });
    expect(res.body.details[0].reason).toMatch(/known: account, person/);
  });

  it('answers 400 with a reason per field for a malformed asOf, an empty targetDomain or an unknown parameter', async () => {
    const res = await get('/v1/xref/person/crm/C-1?asOf=yesterday&targetDomain=&asof=x').expect(400);
    expectToMatchSpec(res, 'get', ROUTE);
    expect(res.body.code).toBe('COMMON.VALIDATION_FAILED');
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['asOf', 'targetDomain', 'asof']));
    expect(res.body.details.find((d: { field: string }) => d.field === 'asOf').reason).toMatch(/RFC 3339/);
  });

  it('rejects an impossible date that matches the pattern', async () => {
    const res = await get('/v1/xref/person/crm/C-1?asOf=2026-13-45T00:00:00Z').expect(400);
    expectToMatchSpec(res, 'get', ROUTE);
  });
});
