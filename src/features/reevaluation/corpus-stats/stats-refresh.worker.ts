import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicTask } from '../../../platform/common/periodic-task';
import { AppConfig } from '../../../platform/config/app-config';
import { StatsRefreshService } from './stats-refresh.service';

/**
 * In the server: every CORPUS_STATS_CHECK_SECONDS, start the corpus-statistics refreshes that are
 * due (refresh-due.ts). Every instance checks; the job table lets one roll-out per type run.
 * Off when CORPUS_STATS_GROWTH_FACTOR is 0.
 */
@Injectable()
export class StatsRefreshWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CorpusStats');
  private readonly task: PeriodicTask;

  constructor(
    private readonly stats: StatsRefreshService,
    private readonly config: AppConfig,
  ) {
    this.task = new PeriodicTask(
      async () => {
        const started = await this.stats.refreshDueTypes();
        if (started.length > 0) this.logger.log(`automatic corpus-statistics refresh: ${started.join(', ')}`);
      },
      config.CORPUS_STATS_CHECK_SECONDS * 1000,
      (message) => this.logger.warn(`corpus-statistics check failed: ${message}`),
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.CORPUS_STATS_GROWTH_FACTOR > 0) this.task.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }
}
