import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BackfillModule } from './backfill/backfill.module';
import { AppConfig, loadConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CorpusStatsModule } from './corpus-stats/corpus-stats.module';
import { DatabaseModule } from './database/database.module';
import { dataSourceOptions } from './database/data-source-options';
import { ENTITIES } from './database/entities';
import { EvaluationModule } from './evaluation/evaluation.module';
import { EventsModule } from './events/events.module';
import { GoldenModule } from './golden/golden.module';
import { HealthModule } from './health/health.module';
import { IngestionModule } from './ingestion/ingestion.module';
import { KafkaModule } from './kafka/kafka.module';
import { LoggingModule } from './logging/logging.module';
import { MatchingModule } from './matching/matching.module';
import { ReevaluationModule } from './reevaluation/reevaluation.module';
import { MetricsModule } from './metrics/metrics.module';
import { ResolutionModule } from './resolution/resolution.module';
import { StewardshipModule } from './stewardship/stewardship.module';
import { XrefModule } from './xref/xref.module';

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
        HealthModule,
        ReevaluationModule.register({ worker: options.consumers !== false }),
        EvaluationModule,
        AuditModule,
        StewardshipModule,
        XrefModule,
        GoldenModule.register({ indexer: options.consumers !== false }),
      ],
    };
  }
}
