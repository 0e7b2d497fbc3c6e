import { Injectable } from '@nestjs/common';
import { GovernanceRepository } from './governance.repository';
import type { GovernanceSnapshotDto } from './review-response.dto';

const DEFAULT_DAYS = 30;

/**
 * Governance counters of the review process: the queue's age, the stewards' throughput, and how
 * often they overturn the matcher's automatic links (a high share says the match threshold is too
 * low for this entity type).
 */
@Injectable()
export class GovernanceService {
  constructor(private readonly governance: GovernanceRepository) {}

  async snapshot(entityType: string | null = null, days = DEFAULT_DAYS): Promise<GovernanceSnapshotDto> {
    const [openByAge, decisionsPerDay, autoLinkOverturn] = await Promise.all([
      this.governance.openByAge(entityType),
      this.governance.decisionsPerDay(entityType, days),
      this.governance.autoLinkOverturn(entityType),
    ]);
    return {
      entityType,
      generatedAt: new Date().toISOString(),
      openByAge,
      decisionsPerDay,
      autoLinkOverturn,
    };
  }
}
