import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ReevaluationService } from './reevaluation.service';

const EVERY_MS = 5000;

/**
 * In the server: every 5 s, adopt the latest rolled-out matcher config of each entity type (a
 * roll-out started by another instance or by the CLI) and resume re-evaluation jobs whose runner
 * died (their lease ran out).
 */
@Injectable()
export class ReevaluationWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReevaluationWorker');
  private timer: NodeJS.Timeout | null = null;
  private tick: Promise<void> = Promise.resolve();

  constructor(private readonly reevaluation: ReevaluationService) {}

  onApplicationBootstrap(): void {
    const run = (): void => {
      this.tick = this.once();
    };
    run();
    this.timer = setInterval(run, EVERY_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.tick;
  }

  private async once(): Promise<void> {
    try {
      await this.reevaluation.syncMatchers();
      await this.reevaluation.resumeOrphans();
    } catch (e) {
      this.logger.warn(`re-evaluation check failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
