import { Global, Module } from '@nestjs/common';
import { ActiveStats } from './active-stats';
import { CorpusStatsRepository } from './corpus-stats.repository';

/**
 * Corpus-statistics snapshots and the loader that compiles each matcher with its type's active one
 * (docs/resolution.md). Refreshing them is a re-evaluation roll-out (src/features/reevaluation).
 */
@Global()
@Module({
  providers: [CorpusStatsRepository, ActiveStats],
  exports: [CorpusStatsRepository, ActiveStats],
})
export class CorpusStatsModule {}
