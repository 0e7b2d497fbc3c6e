import { AuditLogEntity } from './platform/audit/audit-log.entity';
import { CorpusStatsSnapshotEntity } from './features/reevaluation/corpus-stats/corpus-stats-snapshot.entity';
import { ApiKeyEntity } from './features/auth/api-key.entity';
import { GoldenOutboxEntity } from './core/events/golden-outbox.entity';
import { ProcessedEventEntity } from './core/ingestion/processed-event.entity';
import { SourceRecordHistoryEntity } from './core/ingestion/source-record-history.entity';
import { SourceRecordEntity } from './core/ingestion/source-record.entity';
import { BlockingKeyEntity } from './core/resolution/blocking-key.entity';
import { GoldenEntity } from './core/resolution/golden-entity.entity';
import { GoldenMembershipEntity } from './core/resolution/golden-membership.entity';
import { LockBucketEntity } from './core/resolution/lock-bucket.entity';
import { MatcherConfigEntity, MatcherConfigFileEntity } from './core/matching/matcher-config.entity';
import { ReevaluationJobEntity } from './features/reevaluation/reevaluation-job.entity';
import { MatchEdgeEntity } from './core/resolution/match-edge.entity';
import { ResolutionRecordEntity } from './core/resolution/resolution-record.entity';
import { LinkConstraintEntity } from './core/resolution/link-constraint.entity';
import { ReviewItemEntity } from './core/resolution/review-item.entity';

/**
 * Every TypeORM entity, listed explicitly (no globs) so the same list works under ts (Jest) and
 * compiled js (dist), and so the migration-drift test sees exactly what the app maps.
 */
export const ENTITIES = [
  ApiKeyEntity,
  SourceRecordEntity,
  SourceRecordHistoryEntity,
  ProcessedEventEntity,
  GoldenEntity,
  ResolutionRecordEntity,
  BlockingKeyEntity,
  MatchEdgeEntity,
  GoldenMembershipEntity,
  LockBucketEntity,
  ReviewItemEntity,
  LinkConstraintEntity,
  GoldenOutboxEntity,
  AuditLogEntity,
  ReevaluationJobEntity,
  CorpusStatsSnapshotEntity,
  MatcherConfigEntity,
  MatcherConfigFileEntity,
];
