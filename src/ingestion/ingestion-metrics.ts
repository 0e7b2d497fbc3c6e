import { Injectable } from '@nestjs/common';
import { EventStatus } from './change-event.dto';

export type IngestionCounter = EventStatus | 'dlq';

/** The label used when an event's entity type is missing or unknown: keeps label cardinality bounded. */
export const UNKNOWN_ENTITY_TYPE_LABEL = 'unknown';

/**
 * Ingestion counters by entity type, as plain numbers. The Prometheus exporter (later) reads
 * `snapshot()`; counting lives here so the service and consumer never know about the exporter.
 */
@Injectable()
export class IngestionMetrics {
  private readonly byType = new Map<string, Record<IngestionCounter, number>>();
  private readonly dlqByReason = new Map<string, number>();
  /** Kafka batches that met a transient failure (database or broker unreachable) and were retried. */
  private transientRetries = 0;

  retried(): void {
    this.transientRetries++;
  }

  count(entityType: string, counter: IngestionCounter, n = 1): void {
    let counters = this.byType.get(entityType);
    if (!counters) {
      counters = { applied: 0, duplicate: 0, stale: 0, unchanged: 0, rejected: 0, dlq: 0 };
      this.byType.set(entityType, counters);
    }
    counters[counter] += n;
  }

  deadLettered(entityType: string, reason: string): void {
    this.count(entityType, 'dlq');
    this.dlqByReason.set(reason, (this.dlqByReason.get(reason) ?? 0) + 1);
  }

  snapshot(): {
    byEntityType: Record<string, Record<IngestionCounter, number>>;
    dlqByReason: Record<string, number>;
    transientRetries: number;
  } {
    const byEntityType: Record<string, Record<IngestionCounter, number>> = {};
    for (const [type, counters] of this.byType) byEntityType[type] = { ...counters };
    return {
      byEntityType,
      dlqByReason: Object.fromEntries(this.dlqByReason),
      transientRetries: this.transientRetries,
    };
  }
}
