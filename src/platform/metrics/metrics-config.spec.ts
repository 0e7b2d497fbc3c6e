import type { Request } from 'express';
import { ConfigError, loadConfig } from '../config/app-config';
import { routeTemplate } from './http-metrics.middleware';

describe('metrics configuration', () => {
  it.each([
    [{}, true, '/metrics'],
    [{ METRICS_ENABLED: 'false', METRICS_PATH: '/internal/prom' }, false, '/internal/prom'],
    [{ METRICS_ENABLED: '1' }, true, '/metrics'],
    [{ METRICS_ENABLED: '0' }, false, '/metrics'],
  ])('%j → enabled %s at %s', (env, enabled, path) => {
    const config = loadConfig(env);
    expect(config.metricsEnabled).toBe(enabled);
    expect(config.METRICS_PATH).toBe(path);
  });

  it.each([['metrics'], ['/'], ['/a b'], ['/x/'], ['/x?y']])('refuses METRICS_PATH %j', (path) => {
    expect(() => loadConfig({ METRICS_PATH: path })).toThrow(ConfigError);
  });

  it('refuses a METRICS_ENABLED that is not a boolean', () => {
    expect(() => loadConfig({ METRICS_ENABLED: 'yes' })).toThrow(/METRICS_ENABLED/);
  });
});

describe('routeTemplate', () => {
  const req = (route: unknown, baseUrl = ''): Request => ({ route, baseUrl }) as unknown as Request;
  it.each([
    [req({ path: '/v1/golden/:goldenId' }), '/v1/golden/:goldenId'],
    [req({ path: '/:id' }, '/v1/review'), '/v1/review/:id'],
    [req(undefined), 'unmatched'],
    [req({ path: /regex/ }), 'unmatched'],
  ])('%#: %s', (r, expected) => expect(routeTemplate(r)).toBe(expected));
});
