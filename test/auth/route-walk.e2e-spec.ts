import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { GRANTS, Role, ROLES } from '../../src/platform/common/http/roles';
import { NO_AUTH_HEADER, startTestApp, TestApp } from '../support/app';
import { writeMatchersDir } from '../support/matchers';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Operation {
  security?: unknown[];
  'x-required-role'?: Role;
}
const METHODS: Method[] = ['get', 'post', 'put', 'patch', 'delete'];
const spec = parse(readFileSync(path.resolve(__dirname, '../../openapi.yaml'), 'utf8')) as {
  paths: Record<string, Partial<Record<Method, Operation>>>;
};

const operations = Object.entries(spec.paths).flatMap(([route, item]) =>
  METHODS.filter((m) => item[m]).map((method) => ({ route, method, op: item[method]! })),
);
const isPublic = (op: Operation) => Array.isArray(op.security) && op.security.length === 0;
const protectedOps = operations.filter(({ op }) => !isPublic(op));
/** A concrete URL for a templated path; the values need not exist: the guard answers first. */
const concrete = (route: string) => route.replace(/\{[^}]+\}/g, '1');
/** A role that must be refused for a route that requires `role`. */
const wrongRole = (role: Role): Role => ROLES.find((r) => !GRANTS[role].includes(r))!;

/**
 * Every protected operation in the spec (and test/openapi checks that every served route is in the
 * spec) declares its role, and refuses a missing key (401) and a key of the wrong role (403), while
 * accepting the right one.
 */
describe('route walk: authentication and roles on every route', () => {
  let t: TestApp;
  const keys = new Map<Role, string>();

  beforeAll(async () => {
    t = await startTestApp({ MATCHERS_DIR: writeMatchersDir(), KAFKA_BROKERS: undefined });
    for (const role of ROLES) {
      const res = await request(t.app.getHttpServer())
        .post('/v1/admin/keys')
        .send({ name: `walk-${role}`, role })
        .expect(201);
      keys.set(role, (res.body as { key: string }).key);
    }
  });
  afterAll(() => t?.close());

  it('declares a role for every protected operation', () => {
    expect(
      protectedOps
        .filter(({ op }) => !op['x-required-role'])
        .map(({ route, method }) => `${method} ${route}`),
    ).toEqual([]);
  });

  it.each(
    protectedOps.map(({ route, method, op }) => [
      `${method.toUpperCase()} ${route}`,
      route,
      method,
      op['x-required-role']!,
    ]),
  )(
    '%s: 401 without a key, 403 with the wrong role, not refused with the right one',
    async (_name, route, method, role) => {
      const server = t.app.getHttpServer();
      const url = concrete(route);
      const anonymous = await request(server)[method](url).set(NO_AUTH_HEADER, '1').send({});
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
      const wrong = await request(server)
        [method](url)
        .set('Authorization', `Bearer ${keys.get(wrongRole(role))}`)
        .send({});
      expect(wrong.status).toBe(403);
      expect(wrong.body).toMatchObject({ code: 'AUTH.FORBIDDEN' });
      const right = await request(server)
        [method](url)
        .set('Authorization', `Bearer ${keys.get(role)}`)
        .send({});
      expect([401, 403]).not.toContain(right.status);
    },
  );

  it('leaves health open by default', async () => {
    await request(t.app.getHttpServer()).get('/health/ready').set(NO_AUTH_HEADER, '1').expect(200);
  });
});
