import { Module } from '@nestjs/common';
import { AuditModule } from '../../platform/audit/audit.module';
import { ConstraintQueryRepository } from './constraint-query.repository';
import { ConstraintController } from './constraint.controller';
import { ConstraintService } from './constraint.service';
import { GoldenOperationsService } from './golden-operations.service';
import { GovernanceRepository } from './governance.repository';
import { GovernanceCollector } from './governance.collector';
import { GovernanceService } from './governance.service';
import { LinkDecisionService } from './link-decision.service';
import { ReviewQueueRepository } from './review-queue.repository';
import { ReviewController } from './review.controller';
import { ReviewService } from './review.service';
import { StewardEdgeRepository } from './steward-edge.repository';
import { StewardRecordRepository } from './steward-record.repository';
import { StewardTargets } from './steward-targets';

/**
 * Data stewardship: the review queue, durable link constraints, manual merge/split/move/keep-out
 * (served under /v1/golden by the golden feature's controller), and governance counters.
 * ResolutionService, ReviewRepository and LinkConstraintRepository come from the global
 * ResolutionModule; every mutation is audited through AuditModule.
 */
@Module({
  imports: [AuditModule],
  controllers: [ReviewController, ConstraintController],
  providers: [
    StewardRecordRepository,
    StewardEdgeRepository,
    StewardTargets,
    ReviewQueueRepository,
    ConstraintQueryRepository,
    GovernanceRepository,
    GovernanceCollector,
    LinkDecisionService,
    ReviewService,
    ConstraintService,
    GoldenOperationsService,
    GovernanceService,
  ],
  exports: [GovernanceService, GoldenOperationsService],
})
export class StewardshipModule {}
