import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { ENTITIES } from '../../src/entities';
import { createTestDatabase, type TestDatabase } from './postgres';

export interface TestDataSource {
  db: TestDatabase;
  ds: DataSource;
  /** Closes the data source and drops the database. */
  close(): Promise<void>;
}

/** A fresh, migrated database and a TypeORM data source on it (every entity): for specs that call repositories directly. */
export async function createTestDataSource(): Promise<TestDataSource> {
  const db = await createTestDatabase();
  const ds = await new DataSource(dataSourceOptions(db.url, 2, ENTITIES)).initialize();
  return {
    db,
    ds,
    close: async () => {
      await ds.destroy();
      await db.drop();
    },
  };
}
