import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { ConsumerLagCollector } from './consumer-lag.collector';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { metricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics.registry';

/**
 * Prometheus metrics (docs/operations.md lists every series): one registry per application, the
 * consumer lag, HTTP latency by route, and the `GET METRICS_PATH` endpoint unless
 * METRICS_ENABLED=false. Global, so the parts that own a series (IngestionMetrics,
 * ResolutionMetrics, the outbox and governance collectors) register it here without importing
 * this module, and the instruments know nothing of them.
 */
@Global()
@Module({})
export class MetricsModule implements NestModule {
  /** The route is fixed when the module is defined, so it takes the validated config, not AppConfig by injection. */
  static register(config: AppConfig): DynamicModule {
    return {
      module: MetricsModule,
      controllers: config.metricsEnabled ? [metricsController(config.METRICS_PATH)] : [],
      providers: [MetricsRegistry, ConsumerLagCollector],
      exports: [MetricsRegistry],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }
}
