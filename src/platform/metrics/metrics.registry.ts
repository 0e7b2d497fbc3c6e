import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

/**
 * The process's one Prometheus registry. Not prom-client's global default registry: tests start
 * several applications in one process, and each needs its own set of series.
 * Default process metrics (CPU, RSS, heap, event-loop lag, GC) are collected with no prefix, as
 * every Node exporter names them; Joinery's own series start with `joinery_`.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** A counter that several collectors increment: made by the first that asks, then shared. */
  sharedCounter(name: string, help: string): Counter {
    const existing = this.registry.getSingleMetric(name);
    if (existing instanceof Counter) return existing;
    return new Counter({ name, help, registers: [this.registry] });
  }

  contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
