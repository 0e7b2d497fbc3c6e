import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { backoffDelay, sleep } from '../ingestion/backoff';
import { GoldenSearchIndexRepository } from './golden-search-index.repository';

/** Queued golden ids per round: a round is one statement, a few ms per hundred. */
const BATCH = 1000;
/** Pause when the last round found less than a full batch: the search's lag when idle. */
const IDLE_MS = 100;

/**
 * Keeps the fuzzy search's table (golden_search) up to date from the golden events, outside the
 * transactions that write them, so ingestion no longer pays for the trigram index. Eventually
 * consistent: a change is searchable up to IDLE_MS and a round after it commits (docs/xref.md
 * "Search" has the measured lag). Runs in every server instance; an advisory lock lets one index at
 * a time. Not in CLI commands: the next server
 * to start catches up from the queue.
 */
@Injectable()
export class GoldenSearchIndexer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('GoldenSearchIndexer');
  private readonly stop = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(private readonly repository: GoldenSearchIndexRepository) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stop.signal.aborted) {
      try {
        const round = await this.repository.indexNext(BATCH);
        failures = 0;
        if (round.taken < BATCH) await sleep(IDLE_MS, this.stop.signal);
      } catch (e) {
        const delay = backoffDelay(failures++, 200, 5000);
        this.logger.warn(
          `search indexing failed, retrying in ${delay} ms: ${e instanceof Error ? e.message : String(e)}`,
        );
        await sleep(delay, this.stop.signal);
      }
    }
  }
}
