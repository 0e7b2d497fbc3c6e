import { Module } from '@nestjs/common';
import { BackfillRepository } from './backfill.repository';
import { BackfillService } from './backfill.service';

/**
 * Bulk initial loads (the CLI's `backfill`); ResolutionModule (global) provides the review queue's SQL,
 * DatabaseModule (global) the transaction runner.
 */
@Module({
  providers: [BackfillRepository, BackfillService],
  exports: [BackfillService],
})
export class BackfillModule {}
