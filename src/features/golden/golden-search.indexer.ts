import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { EntityManager } from 'typeorm';
import { backoffDelay, sleep } from '../../platform/common/backoff';
import { GOLDEN_OUTBOX_CHANNEL, listenerUrl } from '../../platform/database/outbox-channel';
import { PgListener } from '../../platform/database/pg-listener';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { GoldenSearchIndexRepository } from './golden-search-index.repository';

/** Queued golden ids per round: a round is one statement, a few ms per hundred. */
const BATCH = 1000;
/**
 * Pause when the last round found less than a full batch: cut short by the outbox's notification
 * (a commit that appended golden events), so the fallback poll can be slow; 100 ms while LISTEN
 * is down.
 */
const IDLE_MS = 100;
const IDLE_LISTENING_MS = 1000;

/**
 * Keeps the fuzzy search's table (golden_search) up to date from the golden events, outside the
 * transactions that write them, so ingestion no longer pays for the trigram index. Eventually
 * consistent: a change is searchable one round after the notification of its commit (docs/xref.md
 * "Search" has the measured lag). Runs in every server instance; an advisory lock lets one index at
 * a time. Not in CLI commands: the next server
 * to start catches up from the queue.
 */
@Injectable()
export class GoldenSearchIndexer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('GoldenSearchIndexer');
  private readonly stop = new AbortController();
  private loop: Promise<void> | null = null;
  private readonly listener: PgListener;
  /** A notification came since the last round; `nap` ends the pause it came during. */
  private notified = false;
  private nap: AbortController | null = null;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly repository: GoldenSearchIndexRepository,
    @InjectEntityManager() manager: EntityManager,
  ) {
    this.listener = new PgListener(listenerUrl(manager), GOLDEN_OUTBOX_CHANNEL, () => {
      this.notified = true;
      this.nap?.abort();
    });
  }

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    this.nap?.abort();
    await this.loop;
    await this.listener.stop();
  }

  /** The idle pause, until a notification or shutdown. */
  private async idle(): Promise<void> {
    if (this.notified) return;
    this.nap = new AbortController();
    const onStop = () => this.nap?.abort();
    this.stop.signal.addEventListener('abort', onStop, { once: true });
    await sleep(this.listener.listening ? IDLE_LISTENING_MS : IDLE_MS, this.nap.signal);
    this.stop.signal.removeEventListener('abort', onStop);
    this.nap = null;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stop.signal.aborted) {
      try {
        await this.listener.ensure();
        this.notified = false;
        const round = await this.transactions.run((m) => this.repository.indexNext(m, BATCH));
        failures = 0;
        if (round.taken < BATCH) await this.idle();
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
