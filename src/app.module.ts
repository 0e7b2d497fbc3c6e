import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './platform/audit/audit.module';
import { AuthModule } from './features/auth/auth.module';
import { BackfillModule } from './core/backfill/backfill.module';
import { AppConfig, loadConfig } from './platform/config/app-config';
import { ConfigModule } from './platform/config/config.module';
import { CorpusStatsModule } from './features/reevaluation/corpus-stats/corpus-stats.module';
import { DatabaseModule } from './platform/database/database.module';
import { dataSourceOptions } from './platform/database/data-source-options';
import { ENTITIES } from './entities';
import { EvaluationModule } from './features/evaluation/evaluation.module';
import { EventsModule } from './core/events/events.module';
import { GoldenModule } from './features/golden/golden.module';
import { HealthModule } from './platform/health/health.module';
import { IngestionModule } from './core/ingestion/ingestion.module';
import { KafkaModule } from './platform/kafka/kafka.module';
import { LoggingModule } from './platform/logging/logging.module';
import { MatchingModule } from './core/matching/matching.module';
import { ReevaluationModule } from './features/reevaluation/reevaluation.module';
import { MetricsModule } from './platform/metrics/metrics.module';
import { ResolutionModule } from './core/resolution/resolution.module';
import { StewardshipModule } from './features/stewardship/stewardship.module';
import { XrefModule } from './features/xref/xref.module';

export interface AppModuleOptions {
  /** Resolved by main.ts: DATABASE_URL, or the embedded database's URL. */
  databaseUrl: string;
  /**
   * Kafka consumers and the golden-event relay run in the server; CLI commands boot the same modules
   * with `consumers: false`.
   */
  consumers?: boolean;
  /** No log output at all (tests that build the application in-process). */
  quietLogs?: boolean;
  /** The validated configuration; read from the environment once here when left out. */
  config?: AppConfig;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const config = options.config ?? loadConfig();
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({ quiet: options.quietLogs }),
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(options.databaseUrl, config.DATABASE_POOL_SIZE, ENTITIES),
            retryAttempts: 3,
            retryDelay: 1000,
          }),
        }),
        DatabaseModule,
        KafkaModule,
        MetricsModule.register(config),
        // The server imports edited MATCHERS_DIR files as new versions; CLI commands only seed.
        MatchingModule.register({ importEdits: options.consumers !== false }),
        // Loads each type's active corpus-statistics snapshot into the matchers before anything resolves.
        CorpusStatsModule,
        IngestionModule.register({ consumer: options.consumers !== false }),
        ResolutionModule,
        BackfillModule,
        // The outbox gauges; its relay (a background worker) runs in the server only, not in CLI commands.
        EventsModule.register({ relay: options.consumers !== false }),
        // First among the HTTP modules: its global guard protects every route below.
        AuthModule,
        // Next: Express tries routes in the order they were registered, and the single-key lookup is the
        // hottest route (issue #16); none of its paths overlaps another module's.
        XrefModule,
        HealthModule,
        ReevaluationModule.register({ worker: options.consumers !== false }),
        EvaluationModule,
        AuditModule,
        StewardshipModule,
        GoldenModule.register({ indexer: options.consumers !== false }),
      ],
    };
  }
}
