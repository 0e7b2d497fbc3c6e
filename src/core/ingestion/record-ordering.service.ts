import { Injectable } from '@nestjs/common';
import { AuditService } from '../../platform/audit/audit.service';
import type { Actor } from '../../platform/common/actor';
import { DomainException } from '../../platform/common/errors/domain.exception';
import { AppConfig } from '../../platform/config/app-config';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { OrderingState, RecordOrderingRepository } from './record-ordering.repository';
import type { RecordKeyParts } from './source-record.repository';
import { parseTimestamp } from './timestamp';

export interface OrderingResetDto {
  entityType: string;
  domain: string;
  sourceId: string;
  before: { version: string | null; occurredAt: string };
  after: { version: null; occurredAt: string };
}

/**
 * Repairs a record whose ordering key is wrong (an event dated far in the future, or a runaway
 * version, made every later event `stale`): the key is set back to `occurredAt` (by default the
 * latest applied event not in the future, else now) with no version, so the next event orders by
 * time again. Attributes are untouched. Audited (`record.reset-ordering`), with the reason.
 */
@Injectable()
export class RecordOrderingService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly repository: RecordOrderingRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async reset(
    actor: Actor,
    key: RecordKeyParts,
    reason: string,
    occurredAt?: string,
  ): Promise<OrderingResetDto> {
    const horizon = new Date(Date.now() + this.config.MAX_FUTURE_SKEW_SECONDS * 1000);
    let requested: string | undefined;
    if (occurredAt !== undefined) {
      const parsed = parseTimestamp(occurredAt);
      if (!parsed || parsed.us > BigInt(horizon.getTime()) * 1000n)
        throw new DomainException('COMMON.VALIDATION_FAILED', 'request validation failed', [
          { field: 'occurredAt', reason: 'must be an RFC 3339 date-time with an offset, not in the future' },
        ]);
      requested = parsed.iso;
    }
    return this.transactions.run(async (m) => {
      const state: OrderingState | null = await this.repository.lock(m, key);
      if (!state)
        throw new DomainException(
          'STEWARDSHIP.UNKNOWN_RECORD',
          `no source record ${key.domain}:${key.sourceId}`,
          {
            field: 'sourceId',
          },
        );
      const target =
        requested ??
        (await this.repository.latestHistoryBefore(m, state.recordId, horizon)) ??
        new Date().toISOString();
      await this.repository.reset(m, state.recordId, target);
      const before = { version: state.version, occurredAt: state.occurredAt };
      const after = { version: null, occurredAt: parseTimestamp(target)?.iso ?? target };
      await this.audit.record(m, actor, {
        action: 'record.reset-ordering',
        target: `record:${key.entityType}:${key.domain}:${key.sourceId}`,
        entityType: key.entityType,
        before,
        after,
        reason,
      });
      return { ...key, before, after };
    });
  }
}
