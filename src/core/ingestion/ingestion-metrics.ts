import { Injectable, Optional } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '../../platform/metrics/metrics.registry';
import { EventStatus } from './change-event.dto';

export type IngestionCounter = EventStatus | 'dlq';

export type BackfillModeOutcome = 'completed' | 'fallback';

/** The label used when an event's entity type is missing or unknown: keeps label cardinality bounded. */
export const UNKNOWN_ENTITY_TYPE_LABEL = 'unknown';

/**
 * Ingestion counters by entity type: plain numbers (`snapshot()`, for tests and the CLI) and, when
 * the MetricsModule is there, the Prometheus counters `joinery_ingestion_events_total{entity_type,
 * outcome}`, `joinery_ingestion_dead_letters_total{entity_type,reason}`,
 * `joinery_ingestion_transient_retries_total` and `joinery_ingestion_kafka_backfills_total{outcome}`.
 * Counting lives here so the service and consumer never know about the exporter.
 */
@Injectable()
export class IngestionMetrics {
  private readonly byType = new Map<string, Record<IngestionCounter, number>>();
  private readonly dlqByReason = new Map<string, number>();
  /** Kafka batches that met a transient failure (database or broker unreachable) and were retried. */
  private transientRetries = 0;
  private readonly prom: {
    events: Counter<'entity_type' | 'outcome'>;
    deadLetters: Counter<'entity_type' | 'reason'>;
    retries: Counter;
    backfills: Counter<'outcome'>;
  } | null = null;
  /** The consumer's backfill mode, by outcome (kafka-backfill.ts). */
  private readonly backfillModes = new Map<BackfillModeOutcome, number>();

  constructor(@Optional() metrics?: MetricsRegistry) {
    if (!metrics) return;
    const registers = [metrics.registry];
    this.prom = {
      events: new Counter({
        name: 'joinery_ingestion_events_total',
        help: 'Change events by entity type and outcome: applied, duplicate, stale, unchanged, rejected, dlq',
        labelNames: ['entity_type', 'outcome'],
        registers,
      }),
      deadLetters: new Counter({
        name: 'joinery_ingestion_dead_letters_total',
        help: 'Kafka messages written to the dead-letter topic, by entity type and reason',
        labelNames: ['entity_type', 'reason'],
        registers,
      }),
      retries: new Counter({
        name: 'joinery_ingestion_transient_retries_total',
        help: 'Kafka chunks that met a transient failure (database or broker unreachable) and were retried',
        registers,
      }),
      backfills: new Counter({
        name: 'joinery_ingestion_kafka_backfills_total',
        help: 'Times the Kafka consumer started in backfill mode for a large lag, by outcome: completed (offsets committed to the end of what it read) or fallback (incremental from the committed offsets)',
        labelNames: ['outcome'],
        registers,
      }),
    };
  }

  backfillMode(outcome: BackfillModeOutcome): void {
    this.backfillModes.set(outcome, (this.backfillModes.get(outcome) ?? 0) + 1);
    this.prom?.backfills.inc({ outcome });
  }

  retried(): void {
    this.transientRetries++;
    this.prom?.retries.inc();
  }

  count(entityType: string, counter: IngestionCounter, n = 1): void {
    let counters = this.byType.get(entityType);
    if (!counters) {
      counters = { applied: 0, duplicate: 0, stale: 0, unchanged: 0, rejected: 0, dlq: 0 };
      this.byType.set(entityType, counters);
    }
    counters[counter] += n;
    this.prom?.events.inc({ entity_type: entityType, outcome: counter }, n);
  }

  deadLettered(entityType: string, reason: string): void {
    this.count(entityType, 'dlq');
    this.dlqByReason.set(reason, (this.dlqByReason.get(reason) ?? 0) + 1);
    this.prom?.deadLetters.inc({ entity_type: entityType, reason });
  }

  snapshot(): {
    byEntityType: Record<string, Record<IngestionCounter, number>>;
    dlqByReason: Record<string, number>;
    transientRetries: number;
    backfillModes: Partial<Record<BackfillModeOutcome, number>>;
  } {
    const byEntityType: Record<string, Record<IngestionCounter, number>> = {};
    for (const [type, counters] of this.byType) byEntityType[type] = { ...counters };
    return {
      byEntityType,
      dlqByReason: Object.fromEntries(this.dlqByReason),
      transientRetries: this.transientRetries,
      backfillModes: Object.fromEntries(this.backfillModes),
    };
  }
}
