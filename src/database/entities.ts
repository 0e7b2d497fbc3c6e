import { AuditLogEntity } from '../audit/audit-log.entity';
import { CorpusStatsSnapshotEntity } from '../corpus-stats/corpus-stats-snapshot.entity';
import { ApiKeyEntity } from '../auth/api-key.entity';
import { GoldenOutboxEntity } from '../events/golden-outbox.entity';
import { ProcessedEventEntity } from '../ingestion/processed-event.entity';
import { SourceRecordHistoryEntity } from '../ingestion/source-record-history.entity';
import { SourceRecordEntity } from '../ingestion/source-record.entity';
import { BlockingKeyEntity } from '../resolution/blocking-key.entity';
import { GoldenEntity } from '../resolution/golden-entity.entity';
import { GoldenMembershipEntity } from '../resolution/golden-membership.entity';
import { LockBucketEntity } from '../resolution/lock-bucket.entity';
import { MatcherConfigEntity, MatcherConfigFileEntity } from '../matching/matcher-config.entity';
import { ReevaluationJobEntity } from '../reevaluation/reevaluation-job.entity';
import { MatchEdgeEntity } from '../resolution/match-edge.entity';
import { ResolutionRecordEntity } from '../resolution/resolution-record.entity';
import { LinkConstraintEntity } from '../stewardship/link-constraint.entity';
import { ReviewItemEntity } from '../stewardship/review-item.entity';

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
