import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ON_REQUEST, RetryBudget, runWithRetry } from './retry-policy';

/**
 * The one way a service opens a transaction: it gets an EntityManager to pass to its repositories
 * and never sees the DataSource. Commit on return, rollback on throw. A transaction that lost a race
 * (serialization failure, deadlock, ConcurrencyConflict) or met an outage is run again whole under
 * the retry policy (retry-policy.ts), so `work` must do nothing it could not do twice outside the
 * database; when the budget is spent, the error is COMMON.UNAVAILABLE.
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger('TransactionRunner');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>, budget: RetryBudget = ON_REQUEST): Promise<T> {
    return runWithRetry(() => this.dataSource.transaction('READ COMMITTED', work), budget, {
      onRetry: (kind, attempt, delayMs, e) =>
        this.logger.warn(
          `transaction attempt ${attempt} failed (${kind}: ${e instanceof Error ? e.message : String(e)}); retrying in ${delayMs} ms`,
        ),
    });
  }
}
