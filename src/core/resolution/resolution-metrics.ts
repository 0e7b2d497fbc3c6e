import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import type { GoldenEvent } from '../events/golden-event';
import { MetricsRegistry } from '../../platform/metrics/metrics.registry';

/** Seconds: a small batch resolves in milliseconds, a 1,000-record chunk under contention in seconds. */
const BATCH_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const RECORD_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5];

/** What one recomputation wrote, as ResolutionService reports it. */
export interface ResolutionWrite {
  entityType: string;
  reviewsOpened: { reviewBand: number; constraintConflict: number };
  refusedLinks: number;
  events: readonly GoldenEvent[];
}

/**
 * Resolution's Prometheus series. Counted when the rows are written, inside the transaction: a
 * transaction that is rolled back and retried (a deadlock) counts twice, so these are rates to
 * watch, not an audit (the outbox and the review queue are the record).
 */
@Injectable()
export class ResolutionMetrics {
  private readonly batchSeconds: Histogram<'entity_type'>;
  private readonly lockedSeconds: Histogram<'entity_type'>;
  private readonly recordSeconds: Histogram<'entity_type'>;
  private readonly autoLinks: Counter<'entity_type'>;
  private readonly reviewsOpened: Counter<'entity_type' | 'reason'>;
  private readonly refused: Counter<'entity_type'>;
  private readonly goldenEvents: Counter<'entity_type' | 'type'>;
  private readonly merges: Counter<'entity_type'>;
  private readonly splits: Counter<'entity_type'>;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.batchSeconds = new Histogram({
      name: 'joinery_resolution_batch_seconds',
      help: 'Time of one resolution call (onRecordsChanged) for the records of one entity type in a batch',
      labelNames: ['entity_type'],
      buckets: BATCH_BUCKETS,
      registers,
    });
    this.lockedSeconds = new Histogram({
      name: 'joinery_resolution_locked_seconds',
      help:
        'Time of one resolution call from taking its lock buckets to its end (they are held to the commit): ' +
        'what another batch sharing a key waits for',
      labelNames: ['entity_type'],
      buckets: BATCH_BUCKETS,
      registers,
    });
    this.recordSeconds = new Histogram({
      name: 'joinery_resolution_record_seconds',
      help: 'Resolution time per record: the batch time divided by its records, observed once per record',
      labelNames: ['entity_type'],
      buckets: RECORD_BUCKETS,
      registers,
    });
    this.autoLinks = new Counter({
      name: 'joinery_resolution_auto_links_total',
      help: 'Automatic match edges written (pairs scored at or above the match threshold)',
      labelNames: ['entity_type'],
      registers,
    });
    this.reviewsOpened = new Counter({
      name: 'joinery_review_items_opened_total',
      help: 'Review items queued: review_band (uncertain score) or constraint_conflict (a guard refused a match)',
      labelNames: ['entity_type', 'reason'],
      registers,
    });
    this.refused = new Counter({
      name: 'joinery_resolution_refused_links_total',
      help: 'Match edges a guard refused (cannot-link, one_per_domain, max_cluster_size, best-match rules)',
      labelNames: ['entity_type'],
      registers,
    });
    this.goldenEvents = new Counter({
      name: 'joinery_golden_events_total',
      help: 'Golden change events written to the outbox, by type',
      labelNames: ['entity_type', 'type'],
      registers,
    });
    this.merges = new Counter({
      name: 'joinery_golden_merges_total',
      help: 'Merges: golden.merged events on a surviving entity',
      labelNames: ['entity_type'],
      registers,
    });
    this.splits = new Counter({
      name: 'joinery_golden_splits_total',
      help: 'Splits: golden.split events on the entity that kept its id',
      labelNames: ['entity_type'],
      registers,
    });
  }

  /** Starts timing one resolution call; the returned function records it for `records` records. */
  startBatch(entityType: string): (records: number) => void {
    const began = process.hrtime.bigint();
    return (records) => {
      const seconds = Number(process.hrtime.bigint() - began) / 1e9;
      this.batchSeconds.observe({ entity_type: entityType }, seconds);
      const perRecord = seconds / Math.max(records, 1);
      for (let i = 0; i < records; i++) this.recordSeconds.observe({ entity_type: entityType }, perRecord);
    };
  }

  /** Starts timing a call's locked section (its lock buckets just taken); the returned function ends it. */
  startLocked(entityType: string): () => void {
    const end = this.lockedSeconds.startTimer({ entity_type: entityType });
    return () => void end();
  }

  /** Automatic match edges written for re-scored records. */
  autoLinked(entityType: string, n: number): void {
    if (n > 0) this.autoLinks.inc({ entity_type: entityType }, n);
  }

  written(w: ResolutionWrite): void {
    const entity_type = w.entityType;
    if (w.reviewsOpened.reviewBand > 0)
      this.reviewsOpened.inc({ entity_type, reason: 'review_band' }, w.reviewsOpened.reviewBand);
    if (w.reviewsOpened.constraintConflict > 0)
      this.reviewsOpened.inc(
        { entity_type, reason: 'constraint_conflict' },
        w.reviewsOpened.constraintConflict,
      );
    if (w.refusedLinks > 0) this.refused.inc({ entity_type }, w.refusedLinks);
    for (const e of w.events) {
      this.goldenEvents.inc({ entity_type, type: e.type });
      if (e.type === 'golden.merged' && e.survivorId === e.goldenId) this.merges.inc({ entity_type });
      if (e.type === 'golden.split') this.splits.inc({ entity_type });
    }
  }
}
