import { Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MatcherRegistry } from '../matching/matcher-registry';
import { GovernanceService } from '../stewardship/governance.service';
import type { GovernanceSnapshotDto } from '../stewardship/review-response.dto';
import { MetricsRegistry } from './metrics.registry';
import { StateMetricsRepository } from './state-metrics.repository';

const CACHE_MS = 5000;
const AGE_BUCKETS = [
  ['lt1h', 'lt_1h'],
  ['lt1d', '1h_1d'],
  ['lt7d', '1d_7d'],
  ['gte7d', 'ge_7d'],
] as const;

interface Snapshot {
  outbox: { count: number; oldestAgeSeconds: number | null };
  /** The stewardship governance counters, per entity type. */
  governance: Array<{ entityType: string } & Pick<GovernanceSnapshotDto, 'openByAge' | 'autoLinkOverturn'>>;
}

/**
 * Gauges read from the database at scrape time (cached for 5 s so a busy scraper cannot load it):
 * the golden-event outbox backlog and the age of its oldest unpublished event, open review items by
 * age bucket, and the stewards' overturn rate of automatic links. The last two are the stewardship
 * governance counters (GovernanceService), so the metrics and GET /v1/review/stats agree. A
 * database that cannot be reached leaves these series absent and counts
 * `joinery_state_scrape_errors_total`.
 */
@Injectable()
export class StateCollector {
  private readonly logger = new Logger('StateMetrics');
  private readonly errors: Counter;
  private cached: { at: number; snapshot: Promise<Snapshot | null> } | null = null;

  constructor(
    metrics: MetricsRegistry,
    private readonly repository: StateMetricsRepository,
    private readonly governance: GovernanceService,
    private readonly matchers: MatcherRegistry,
  ) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- prom-client calls collect() with the gauge as `this`
    const self = this;
    const registers = [metrics.registry];
    this.errors = new Counter({
      name: 'joinery_state_scrape_errors_total',
      help: 'Scrapes that could not read the database-derived gauges',
      registers,
    });
    new Gauge({
      name: 'joinery_outbox_backlog',
      help: 'Golden change events written to the outbox and not yet published to Kafka',
      registers,
      async collect() {
        this.reset();
        const s = await self.snapshot();
        if (s) this.set(s.outbox.count);
      },
    });
    new Gauge({
      name: 'joinery_outbox_oldest_age_seconds',
      help: 'Age of the oldest unpublished golden change event (0 when the outbox is drained)',
      registers,
      async collect() {
        this.reset();
        const s = await self.snapshot();
        if (s) this.set(s.outbox.oldestAgeSeconds ?? 0);
      },
    });
    new Gauge({
      name: 'joinery_review_open_items',
      help: 'Open review items by entity type and age bucket (lt_1h, 1h_1d, 1d_7d, ge_7d)',
      labelNames: ['entity_type', 'age'],
      registers,
      async collect() {
        this.reset();
        for (const row of (await self.snapshot())?.governance ?? [])
          for (const [field, age] of AGE_BUCKETS)
            this.set({ entity_type: row.entityType, age }, row.openByAge[field]);
      },
    });
    new Gauge({
      name: 'joinery_steward_reviewed_auto_links',
      help: 'Automatically linked pairs that a steward ruled on',
      labelNames: ['entity_type'],
      registers,
      async collect() {
        this.reset();
        for (const row of (await self.snapshot())?.governance ?? [])
          this.set({ entity_type: row.entityType }, row.autoLinkOverturn.reviewedPairs);
      },
    });
    new Gauge({
      name: 'joinery_steward_overturn_ratio',
      help: 'Share of the automatically linked pairs stewards ruled on that they ruled apart (absent before any)',
      labelNames: ['entity_type'],
      registers,
      async collect() {
        this.reset();
        for (const row of (await self.snapshot())?.governance ?? [])
          if (row.autoLinkOverturn.share !== null)
            this.set({ entity_type: row.entityType }, row.autoLinkOverturn.share);
      },
    });
  }

  /** One read per scrape (every gauge of a scrape shares it), at most one per 5 s. */
  snapshot(): Promise<Snapshot | null> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.snapshot;
    const snapshot = this.read();
    this.cached = { at: Date.now(), snapshot };
    return snapshot;
  }

  private async read(): Promise<Snapshot | null> {
    try {
      const outbox = await this.repository.outboxBacklog();
      const governance: Snapshot['governance'] = [];
      for (const entityType of this.matchers.entityTypes()) {
        const { openByAge, autoLinkOverturn } = await this.governance.snapshot(entityType, 1);
        governance.push({ entityType, openByAge, autoLinkOverturn });
      }
      return { outbox, governance };
    } catch (e) {
      this.errors.inc();
      this.cached = null;
      this.logger.debug(`could not read state metrics: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  }
}
