import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainException } from '../common/errors/domain.exception';
import { TransactionRunner } from '../database/transaction-runner';
import { isConcurrencyConflict, isTransientDatabaseError } from '../database/transient-error';

const MAX_ATTEMPTS = 3;

/**
 * A concurrent transaction changed a pair's constraints between our read and our write (the
 * insert found the pair taken). Retrying re-reads the committed state and decides again.
 */
export class ConcurrentStewardChange extends Error {
  constructor() {
    super('a concurrent steward change touched the same records');
    this.name = 'ConcurrentStewardChange';
  }
}

/**
 * Runs one steward mutation in one transaction. A steward operation locks key buckets and golden
 * rows like ingestion does, so it can lose a deadlock against a concurrent batch: such a loss, or
 * a ConcurrentStewardChange, is retried; an unreachable database is COMMON.UNAVAILABLE (503).
 */
@Injectable()
export class StewardTransactionRunner {
  private readonly logger = new Logger('StewardTransaction');

  constructor(private readonly transactions: TransactionRunner) {}

  async run<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transactions.run(work);
      } catch (e) {
        const conflict = e instanceof ConcurrentStewardChange || isConcurrencyConflict(e);
        if (conflict && attempt < MAX_ATTEMPTS) {
          this.logger.warn(
            `steward change attempt ${attempt} lost a race (${(e as Error).message}); retrying`,
          );
          continue;
        }
        if (conflict || isTransientDatabaseError(e)) {
          throw new DomainException(
            'COMMON.UNAVAILABLE',
            `the database is unavailable: ${(e as Error).message}`,
          );
        }
        throw e;
      }
    }
  }
}
