import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicTask } from '../../platform/common/periodic-task';
import { ReevaluationService } from './reevaluation.service';

const EVERY_MS = 5000;

/**
 * In the server: every 5 s, adopt the active matcher config version and corpus-statistics snapshot
 * of each entity type (a roll-out started by another instance or by the CLI: one query of the active
 * version ids, a text read only when one changed) and resume re-evaluation jobs whose runner died
 * (their lease ran out).
 */
@Injectable()
export class ReevaluationWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReevaluationWorker');
  private readonly task = new PeriodicTask(
    async () => {
      await this.reevaluation.syncMatchers();
      await this.reevaluation.resumeOrphans();
    },
    EVERY_MS,
    (message) => this.logger.warn(`re-evaluation check failed: ${message}`),
  );

  constructor(private readonly reevaluation: ReevaluationService) {}

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }
}
