import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';

/**
 * The one place that builds TypeORM options. `synchronize` is off everywhere, tests included:
 * the migrations in `migrations/` are the schema, and a test fails when the entities drift.
 * The entities are the application's (src/entities.ts, beside the module that composes the
 * features): the database layer knows no feature; running migrations needs none.
 */
export function dataSourceOptions(
  url: string,
  poolSize = 10,
  entities: NonNullable<DataSourceOptions['entities']> = [],
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'joinery_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    // Failing queries surface as exceptions with their message; logging them here would print
    // every parameter, PII included.
    logging: ['warn', 'migration'],
    // Prepared statements stay on (pg's default per named query); the pool is sized per instance.
    extra: { max: poolSize, application_name: 'joinery' },
  };
}
