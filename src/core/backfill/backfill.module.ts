import { Module } from '@nestjs/common';
import { BackfillRepository } from './backfill.repository';
import { BackfillService } from './backfill.service';

/**
 * Bulk initial loads (the CLI's `backfill`, the Kafka consumer's backfill mode, which also reads the
 * repository's store counts); ResolutionModule (global) provides the review queue's SQL,
 * DatabaseModule (global) the transaction runner.
 */
@Module({
  providers: [BackfillRepository, BackfillService],
  exports: [BackfillService, BackfillRepository],
})
export class BackfillModule {}
