import { DynamicModule, Module } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction-runner';
import { MatcherAdminController } from './matcher-admin.controller';
import { ReevaluationJobRepository } from './reevaluation-job.repository';
import { ReevaluationRepository } from './reevaluation.repository';
import { ReevaluationService } from './reevaluation.service';
import { ReevaluationWorker } from './reevaluation.worker';

/**
 * Matcher dry runs and roll-outs, rebuilds, and their jobs (docs/operations.md). The worker that
 * adopts roll-outs and resumes jobs runs in the server only, not in CLI commands.
 */
@Module({})
export class ReevaluationModule {
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: ReevaluationModule,
      controllers: [MatcherAdminController],
      providers: [
        TransactionRunner,
        ReevaluationRepository,
        ReevaluationJobRepository,
        ReevaluationService,
        ...(options.worker ? [ReevaluationWorker] : []),
      ],
      exports: [ReevaluationService],
    };
  }
}
