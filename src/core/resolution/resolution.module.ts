import { Global, Module } from '@nestjs/common';
import { GoldenOutboxRepository } from '../events/golden-outbox.repository';
import { RECORD_CHANGE_HANDLER } from '../ingestion/record-change.handler';
import { LinkConstraintRepository } from './link-constraint.repository';
import { ReviewRepository } from './review.repository';
import { GoldenRepository } from './golden.repository';
import { ResolutionMetrics } from './resolution-metrics';
import { ResolutionRepository } from './resolution.repository';
import { ResolutionService } from './resolution.service';

/** Provides the record-change handler that ingestion calls inside its transaction. */
@Global()
@Module({
  providers: [
    ResolutionService,
    ResolutionMetrics,
    ResolutionRepository,
    GoldenRepository,
    GoldenOutboxRepository,
    ReviewRepository,
    LinkConstraintRepository,
    { provide: RECORD_CHANGE_HANDLER, useExisting: ResolutionService },
  ],
  exports: [
    RECORD_CHANGE_HANDLER,
    ResolutionService,
    GoldenRepository,
    GoldenOutboxRepository,
    ReviewRepository,
    LinkConstraintRepository,
  ],
})
export class ResolutionModule {}
