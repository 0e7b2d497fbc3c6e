import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { expectToMatchSpec } from '../support/openapi';

describe('health without Kafka', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ KAFKA_BROKERS: undefined });
  });
  afterAll(() => t?.close());

  it('GET /health/live answers 200', async () => {
    const res = await request(t.app.getHttpServer()).get('/health/live').expect(200);
    expectToMatchSpec(res, 'get', '/health/live');
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /health/ready reports the database up and Kafka disabled', async () => {
    const res = await request(t.app.getHttpServer()).get('/health/ready').expect(200);
    expectToMatchSpec(res, 'get', '/health/ready');
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'up', kafka: 'disabled' } });
  });

  it('an unknown route gets the common error shape', async () => {
    const res = await request(t.app.getHttpServer()).get('/nope').expect(404);
    expect(res.body).toMatchObject({ code: 'COMMON.NOT_FOUND' });
  });
});

describe('health with an unreachable Kafka', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ KAFKA_BROKERS: '127.0.0.1:1' });
  });
  afterAll(() => t?.close());

  it('GET /health/ready answers 503 and says Kafka is down', async () => {
    const res = await request(t.app.getHttpServer()).get('/health/ready').expect(503);
    expectToMatchSpec(res, 'get', '/health/ready');
    expect(res.body.checks).toEqual({ database: 'up', kafka: 'down' });
  });
});
