import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { loadConfig } from '../config/app-config';
import { StewardshipModule } from '../stewardship/stewardship.module';
import { ConsumerLagCollector } from './consumer-lag.collector';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { metricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics.registry';
import { ResolutionMetrics } from './resolution-metrics';
import { StateCollector } from './state.collector';
import { StateMetricsRepository } from './state-metrics.repository';

/**
 * Prometheus metrics (docs/operations.md lists every series): one registry per application, the
 * collectors that read state at scrape time, resolution's counters and histograms, HTTP latency
 * by route, and the `GET METRICS_PATH` endpoint unless METRICS_ENABLED=false. Global, so
 * IngestionMetrics and ResolutionService can record into it without importing this module.
 */
@Global()
@Module({})
export class MetricsModule implements NestModule {
  static register(): DynamicModule {
    const config = loadConfig();
    return {
      module: MetricsModule,
      imports: [StewardshipModule],
      controllers: config.metricsEnabled ? [metricsController(config.METRICS_PATH)] : [],
      providers: [
        MetricsRegistry,
        ResolutionMetrics,
        ConsumerLagCollector,
        StateMetricsRepository,
        StateCollector,
      ],
      exports: [MetricsRegistry, ResolutionMetrics],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }
}
