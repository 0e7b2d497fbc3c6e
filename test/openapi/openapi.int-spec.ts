import SwaggerParser from '@apidevtools/swagger-parser';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { ERROR_CODES } from '../../src/platform/common/errors/error-codes';
import { startTestApp, TestApp } from '../support/app';
import { expectToMatchSpec, SPEC_PATH } from '../support/openapi';

const spec = parse(readFileSync(SPEC_PATH, 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: { ErrorCode: { enum: string[] } } };
};

describe('openapi.yaml', () => {
  it('is a valid OpenAPI 3.1 document whose $refs all resolve', async () => {
    // validate() checks the document against the OpenAPI schema and dereferences every $ref.
    await expect(SwaggerParser.validate(SPEC_PATH)).resolves.toMatchObject({ openapi: '3.1.0' });
  });

  it('lists exactly the error codes of src/platform/common/errors/error-codes.ts', () => {
    expect([...spec.components.schemas.ErrorCode.enum].sort()).toEqual([...ERROR_CODES].sort());
  });
});

describe('expectToMatchSpec', () => {
  let t: TestApp;
  let app: INestApplication;
  beforeAll(async () => {
    t = await startTestApp({ KAFKA_BROKERS: undefined });
    app = t.app;
  });
  afterAll(() => t?.close());

  it('describes every route the application serves, and serves every route it describes', () => {
    interface Layer {
      route?: { path: string; methods: Record<string, boolean> };
    }
    const router = (app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } }).router;
    const served = router.stack
      .filter((layer) => layer.route && !layer.route.path.includes('*'))
      .flatMap((layer) =>
        Object.keys(layer.route!.methods).map(
          (method) => `${method.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`,
        ),
      );
    const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
    const described = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => METHODS.includes(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(served.filter((route) => !described.includes(route))).toEqual([]);
    expect(described.filter((route) => !served.includes(route))).toEqual([]);
  });

  it('fails a response whose body does not match its schema', async () => {
    const res = await request(app.getHttpServer()).get('/health/live').expect(200);
    res.body = { status: 'fine' };
    expect(() => expectToMatchSpec(res, 'get', '/health/live')).toThrow(/does not match openapi.yaml/);
  });

  it('fails a status the operation does not declare', async () => {
    const res = await request(app.getHttpServer()).get('/v1/golden/x/history?limit=0').expect(400);
    expect(() => expectToMatchSpec(res, 'get', '/v1/golden/{goldenId}')).toThrow(
      /is not \/v1\/golden\/\{goldenId\}/,
    );
    res.status = 418;
    expect(() => expectToMatchSpec(res, 'get', '/v1/golden/{goldenId}/history')).toThrow(
      /status 418 is not declared/,
    );
  });

  it('fails an operation that is not in the spec', async () => {
    const res = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(() => expectToMatchSpec(res, 'get', '/health/alive')).toThrow(/has no operation/);
  });

  it('fails a redirect without its required Location header', async () => {
    const res = await request(app.getHttpServer()).get('/health/live').expect(200);
    res.status = 308;
    (res as unknown as { req: { path: string } }).req.path = '/v1/golden/abc';
    res.body = {
      code: 'GOLDEN.RETIRED',
      message: 'm',
      details: {
        goldenId: 'a',
        survivorId: 'b',
        retiredAt: '2026-01-01T00:00:00Z',
        location: '/v1/golden/b',
      },
    };
    expect(() => expectToMatchSpec(res, 'get', '/v1/golden/{goldenId}')).toThrow(
      /header Location is missing/,
    );
  });
});
