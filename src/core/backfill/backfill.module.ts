import { Module } from '@nestjs/common';
import { SourceRecordRepository } from '../ingestion/source-record.repository';
import { BackfillRepository } from './backfill.repository';
import { BackfillService } from './backfill.service';

/**
 * Bulk initial loads (the CLI's `backfill`, the Kafka consumer's backfill mode, which also reads the
 * repository's store counts); ResolutionModule (global) provides the review queue's SQL,
 * DatabaseModule (global) the transaction runner; the source records' SQL reads back a record
 * changed again after its chunk was written.
 */
@Module({
  providers: [BackfillRepository, BackfillService, SourceRecordRepository],
  exports: [BackfillService, BackfillRepository],
})
export class BackfillModule {}
