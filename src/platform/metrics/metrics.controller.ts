import { Controller, Get, Header, SetMetadata, Type } from '@nestjs/common';
import { MetricsRegistry } from './metrics.registry';

/**
 * `GET METRICS_PATH` (default /metrics): the Prometheus text exposition. The path comes from the
 * configuration, so the controller class is made per application. Open like /health: no auth.
 */
export function metricsController(path: string): Type<unknown> {
  // Open like /health: the auth guard reads this key (`joinery:public` = 'metrics', AUTH_OPEN_METRICS).
  @SetMetadata('joinery:public', 'metrics')
  @Controller()
  class MetricsController {
    constructor(private readonly metrics: MetricsRegistry) {}

    @Get(path)
    @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
    @Header('Cache-Control', 'no-store')
    scrape(): Promise<string> {
      return this.metrics.text();
    }
  }
  return MetricsController;
}
