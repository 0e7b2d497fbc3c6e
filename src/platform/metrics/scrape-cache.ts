import { Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import type { MetricsRegistry } from './metrics.registry';

/**
 * One read per scrape, at most one per `ms`: every gauge of a collector shares it, so a busy scraper
 * cannot load the database. A read that fails is counted, logged at debug level and not kept: its
 * series stay absent (not zero) until a read succeeds.
 */
export class ScrapeCache<T> {
  private cached: { at: number; value: Promise<T | null> } | null = null;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly errors: Counter,
    private readonly logger: Logger,
    private readonly ms = 5000,
  ) {}

  get(): Promise<T | null> {
    if (this.cached && Date.now() - this.cached.at < this.ms) return this.cached.value;
    const entry: { at: number; value: Promise<T | null> } = { at: Date.now(), value: Promise.resolve(null) };
    entry.value = this.read().catch((e: unknown) => {
      this.errors.inc();
      if (this.cached === entry) this.cached = null;
      this.logger.debug(`could not read state metrics: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    });
    this.cached = entry;
    return entry.value;
  }
}

/**
 * The cache of a collector of database-derived gauges. Every such collector (the outbox backlog,
 * the stewardship governance counters) counts its failed reads in one series.
 */
export function stateScrapeCache<T>(metrics: MetricsRegistry, read: () => Promise<T>): ScrapeCache<T> {
  const errors = metrics.sharedCounter(
    'joinery_state_scrape_errors_total',
    'Scrapes that could not read the database-derived gauges',
  );
  return new ScrapeCache(read, errors, new Logger('StateMetrics'));
}
