import { Module } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction-runner';
import { BackfillRepository } from './backfill.repository';
import { BackfillService } from './backfill.service';

/** Bulk initial loads (the CLI's `backfill`); ResolutionModule (global) provides the review queue's SQL. */
@Module({
  providers: [TransactionRunner, BackfillRepository, BackfillService],
  exports: [BackfillService],
})
export class BackfillModule {}
