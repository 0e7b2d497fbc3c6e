import { Controller, Get, Header, Type } from '@nestjs/common';
import { MetricsRegistry } from './metrics.registry';

/**
 * `GET METRICS_PATH` (default /metrics): the Prometheus text exposition. The path comes from the
 * configuration, so the controller class is made per application. Open like /health: no auth.
 */
export function metricsController(path: string): Type<unknown> {
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
