import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsRegistry } from '../../platform/metrics/metrics.registry';
import { stateScrapeCache } from '../../platform/metrics/scrape-cache';
import { OutboxBacklogRepository } from './outbox-backlog.repository';

/**
 * Gauges read from the database at scrape time (cached for 5 s): the golden-event outbox backlog and
 * the age of its oldest unpublished event. A database that cannot be reached leaves them absent and
 * counts `joinery_state_scrape_errors_total`.
 */
@Injectable()
export class OutboxCollector {
  constructor(metrics: MetricsRegistry, repository: OutboxBacklogRepository) {
    const backlog = stateScrapeCache(metrics, () => repository.outboxBacklog());
    const registers = [metrics.registry];
    new Gauge({
      name: 'joinery_outbox_backlog',
      help: 'Golden change events written to the outbox and not yet published to Kafka',
      registers,
      async collect() {
        this.reset();
        const b = await backlog.get();
        if (b) this.set(b.count);
      },
    });
    new Gauge({
      name: 'joinery_outbox_oldest_age_seconds',
      help: 'Age of the oldest unpublished golden change event (0 when the outbox is drained)',
      registers,
      async collect() {
        this.reset();
        const b = await backlog.get();
        if (b) this.set(b.oldestAgeSeconds ?? 0);
      },
    });
  }
}
