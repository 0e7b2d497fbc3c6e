import { ProcessedEventEntity } from '../ingestion/processed-event.entity';
import { SourceRecordHistoryEntity } from '../ingestion/source-record-history.entity';
import { SourceRecordEntity } from '../ingestion/source-record.entity';

/**
 * Every TypeORM entity, listed explicitly (no globs) so the same list works under ts (Jest) and
 * compiled js (dist), and so the migration-drift test sees exactly what the app maps.
 */
export const ENTITIES = [SourceRecordEntity, SourceRecordHistoryEntity, ProcessedEventEntity];
