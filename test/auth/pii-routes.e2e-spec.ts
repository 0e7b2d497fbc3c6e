import { readFileSync } from 'node:fs';
import request from 'supertest';
import { parse } from 'yaml';
import { startTestApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { PII_PERSON_MATCHER, writeMatchersDir } from '../support/matchers';
import { expectToMatchSpec, SPEC_PATH } from '../support/openapi';
import { applyChanges } from '../support/resolution-harness';

/** Two records of Ada that link (explain shows a blocking key with a clear value). */
const ada = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  dob: '1815-12-10',
  ssn: '111223333',
  'address.city': 'London',
};
/** A review-band pair: same name and birth date, other emails and national ids (p ≈ 0.88). */
const graceCrm = {
  name: 'Grace Hopper',
  dob: '1906-12-09',
  email: 'grace@crm.example',
  ssn: '444',
  'address.city': 'Paris',
};
const graceBilling = { ...graceCrm, email: 'hopper@billing.example', ssn: '999' };
/** Every PII value above: none may reach a reader, in any route's answer. */
const SECRETS = /Lovelace|ada@example|111223333|Hopper|grace@crm|hopper@billing/i;

interface Ids {
  goldenId: string;
  reviewId: string;
}
interface Route {
  method: 'get' | 'post';
  /** The operation in openapi.yaml. */
  template: string;
  url: (ids: Ids) => string;
  body?: object;
  /** The lowest role the route admits: a reader is refused on steward routes, so sees nothing. */
  role: 'reader' | 'steward';
  /** The `pii.read` entry a steward's clear read writes. */
  target: (ids: Ids) => string;
}

/**
 * Every route that returns attributes or blocking keys (the test below derives that list from
 * openapi.yaml, so a new one cannot be forgotten), in an order that keeps the review item open
 * until the decision, last.
 */
const ROUTES: Route[] = [
  {
    method: 'get',
    template: '/v1/golden/{goldenId}',
    url: (i) => `/v1/golden/${i.goldenId}`,
    role: 'reader',
    target: (i) => `golden:${i.goldenId}`,
  },
  {
    method: 'get',
    template: '/v1/golden/{goldenId}/history',
    url: (i) => `/v1/golden/${i.goldenId}/history`,
    role: 'reader',
    target: (i) => `golden:${i.goldenId}:history`,
  },
  {
    method: 'get',
    template: '/v1/golden/{goldenId}/explain',
    url: (i) => `/v1/golden/${i.goldenId}/explain`,
    role: 'reader',
    target: (i) => `golden:${i.goldenId}:explain`,
  },
  {
    method: 'get',
    template: '/v1/golden/search',
    url: () => '/v1/golden/search?entityType=person&q=London',
    role: 'reader',
    target: () => 'golden-search:person',
  },
  {
    method: 'get',
    template: '/v1/review',
    url: () => '/v1/review?entityType=person',
    role: 'steward',
    target: (i) => `review:${i.reviewId}`,
  },
  {
    method: 'get',
    template: '/v1/review/{id}',
    url: (i) => `/v1/review/${i.reviewId}`,
    role: 'steward',
    target: (i) => `review:${i.reviewId}`,
  },
  {
    method: 'post',
    template: '/v1/review/{id}/assign',
    url: (i) => `/v1/review/${i.reviewId}/assign`,
    body: { assignee: 'alice' },
    role: 'steward',
    target: (i) => `review:${i.reviewId}`,
  },
  {
    method: 'post',
    template: '/v1/review/{id}/decision',
    url: (i) => `/v1/review/${i.reviewId}/decision`,
    body: { decision: 'no-match', reason: 'other people' },
    role: 'steward',
    target: (i) => `review:${i.reviewId}`,
  },
];

/**
 * Operations whose success body can hold attributes (`attributes`, history's `before`/`after` maps)
 * or blocking keys, per openapi.yaml.
 */
function attributeRoutes(): string[] {
  const spec = parse(readFileSync(SPEC_PATH, 'utf8')) as {
    paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    components: { schemas: Record<string, unknown> };
  };
  const carries = (node: unknown, seen: Set<string>): boolean => {
    if (Array.isArray(node)) return node.some((n) => carries(n, seen));
    if (typeof node !== 'object' || node === null) return false;
    const o = node as Record<string, unknown>;
    if (typeof o.$ref === 'string') {
      if (seen.has(o.$ref)) return false;
      seen.add(o.$ref);
      return carries(spec.components.schemas[o.$ref.replace('#/components/schemas/', '')], seen);
    }
    const props = o.properties as Record<string, { type?: string; properties?: unknown }> | undefined;
    if (props && ('attributes' in props || 'blockingKey' in props)) return true;
    // History events carry the survived attributes as free-form `before` / `after` maps.
    const attributeMap = (s?: { type?: string; properties?: unknown }) =>
      s?.type === 'object' && !s.properties;
    if (props && (attributeMap(props.before) || attributeMap(props.after))) return true;
    return Object.values(o).some((v) => carries(v, seen));
  };
  return Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([, op]) =>
        Object.entries(op.responses ?? {}).some(
          ([status, r]) => status.startsWith('2') && carries(r, new Set()),
        ),
      )
      .map(([method]) => `${method} ${path}`),
  );
}

describe('PII read policy on every route that returns attributes', () => {
  let t: TestApp;
  const ids = {} as Ids;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({
      MATCHERS_DIR: writeMatchersDir({ person: PII_PERSON_MATCHER }),
      KAFKA_BROKERS: undefined,
    });
    const server = t.app.getHttpServer();
    for (const role of ['reader', 'steward']) {
      const res = await request(server).post('/v1/admin/keys').send({ name: role, role }).expect(201);
      keys[role] = (res.body as { key: string }).key;
      keys[`${role}Id`] = (res.body as { id: string }).id;
    }
    await applyChanges(t.app, 'person', [{ domain: 'crm', sourceId: 'C-1', attributes: ada }]);
    const linked = await applyChanges(t.app, 'person', [
      { domain: 'billing', sourceId: 'B-1', attributes: ada },
    ]);
    ids.goldenId = [...linked.values()][0]!;
    await applyChanges(t.app, 'person', [{ domain: 'crm', sourceId: 'C-2', attributes: graceCrm }]);
    await applyChanges(t.app, 'person', [{ domain: 'billing', sourceId: 'B-2', attributes: graceBilling }]);
    const queue = await request(server).get('/v1/review?entityType=person').expect(200);
    expect(queue.body.items).toHaveLength(1);
    ids.reviewId = (queue.body.items as Array<{ id: string }>)[0].id;
  });
  afterAll(() => t?.close());

  const call = (route: Route, role: string) =>
    request(t.app.getHttpServer())
      [route.method](route.url(ids))
      .set('Authorization', `Bearer ${keys[role]}`)
      .send(route.body);
  const clearReads = async (target: string, actor: string): Promise<number> => {
    const res = await request(t.app.getHttpServer())
      .get('/v1/audit')
      .query({ action: 'pii.read', target, actor, limit: 100 })
      .set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)
      .expect(200);
    return (res.body.items as unknown[]).length;
  };

  it('covers every operation of openapi.yaml that returns attributes or blocking keys', () => {
    expect(attributeRoutes().sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.template}`).sort());
  });

  it.each(ROUTES.map((r) => [`${r.method.toUpperCase()} ${r.template}`, r] as const))(
    '%s: masked for a reader (no audit), clear for a steward and audited',
    async (_name, route) => {
      const reader = await call(route, 'reader');
      expectToMatchSpec(reader, route.method, route.template);
      if (route.role === 'reader') {
        expect(reader.status).toBe(200);
        expect(JSON.stringify(reader.body)).toContain('***');
      } else {
        expect(reader.status).toBe(403);
      }
      expect(JSON.stringify(reader.body)).not.toMatch(SECRETS);
      expect(await clearReads(route.target(ids), keys.readerId)).toBe(0);

      const before = await clearReads(route.target(ids), keys.stewardId);
      const steward = await call(route, 'steward');
      expectToMatchSpec(steward, route.method, route.template);
      expect(steward.status).toBe(200);
      expect(JSON.stringify(steward.body)).toMatch(SECRETS);
      expect(JSON.stringify(steward.body)).not.toContain('***');
      expect(await clearReads(route.target(ids), keys.stewardId)).toBe(before + 1);
    },
  );
});
