import { SourceRecords1764072000000 } from './1764072000000-source-records';
import { Resolution1764072100000 } from './1764072100000-resolution';
import { LinkConstraints1764072200000 } from './1764072200000-link-constraints';
import { XrefReadIndexes1764080000000 } from './1764080000000-xref-read-indexes';
import { StewardshipAudit1764090000000 } from './1764090000000-stewardship-audit';
import { ReevaluationJobs1764100000000 } from './1764100000000-reevaluation-jobs';
import { ApiKeys1764110000000 } from './1764110000000-api-keys';
import { ReviewItemsOpenRecordB1764120000000 } from './1764120000000-review-items-open-record-b';
import { CorpusStatsSnapshots1764131000000 } from './1764131000000-corpus-stats-snapshots';
import { GoldenSearchTable1764132000000 } from './1764132000000-golden-search-table';
import { GoldenOutboxNotify1764133000000 } from './1764133000000-golden-outbox-notify';
import { ProcessedEventFingerprint1764134000000 } from './1764134000000-processed-event-fingerprint';
import { GoldenOutboxXref1764135000000 } from './1764135000000-golden-outbox-xref';
import { MatcherConfigs1764140000000 } from './1764140000000-matcher-configs';
import { BlockingKeysDomain1764150000000 } from './1764150000000-blocking-keys-domain';

/**
 * Every migration in order. Listed explicitly (no glob) so the same list runs from ts under Jest
 * and from compiled js in dist. Add each new migration here.
 */
export const MIGRATIONS = [
  SourceRecords1764072000000,
  Resolution1764072100000,
  LinkConstraints1764072200000,
  XrefReadIndexes1764080000000,
  StewardshipAudit1764090000000,
  ReevaluationJobs1764100000000,
  ApiKeys1764110000000,
  ReviewItemsOpenRecordB1764120000000,
  CorpusStatsSnapshots1764131000000,
  GoldenSearchTable1764132000000,
  GoldenOutboxNotify1764133000000,
  ProcessedEventFingerprint1764134000000,
  GoldenOutboxXref1764135000000,
  MatcherConfigs1764140000000,
  BlockingKeysDomain1764150000000,
];
