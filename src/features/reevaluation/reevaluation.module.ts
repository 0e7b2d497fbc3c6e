import { DynamicModule, Module } from '@nestjs/common';
import { CorpusStatsController } from './corpus-stats/corpus-stats.controller';
import { StatsRefreshService } from './corpus-stats/stats-refresh.service';
import { StatsRefreshWorker } from './corpus-stats/stats-refresh.worker';
import { MatcherAdminController } from './matcher-admin.controller';
import { ReevaluationJobRepository } from './reevaluation-job.repository';
import { ReevaluationRepository } from './reevaluation.repository';
import { ReevaluationService } from './reevaluation.service';
import { ReevaluationWorker } from './reevaluation.worker';

/**
 * Matcher dry runs and roll-outs, rebuilds, corpus-statistics refreshes (a roll-out of a new
 * snapshot, src/features/reevaluation/corpus-stats), and their jobs (docs/operations.md). The workers that adopt
 * roll-outs, resume jobs and start due refreshes run in the server only, not in CLI commands.
 */
@Module({})
export class ReevaluationModule {
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: ReevaluationModule,
      controllers: [MatcherAdminController, CorpusStatsController],
      providers: [
        ReevaluationRepository,
        ReevaluationJobRepository,
        ReevaluationService,
        StatsRefreshService,
        ...(options.worker ? [ReevaluationWorker, StatsRefreshWorker] : []),
      ],
      exports: [ReevaluationService, StatsRefreshService],
    };
  }
}
