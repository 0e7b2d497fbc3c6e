import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MatcherRegistry } from '../../core/matching/matcher-registry';
import { MetricsRegistry } from '../../platform/metrics/metrics.registry';
import { stateScrapeCache } from '../../platform/metrics/scrape-cache';
import { GovernanceService } from './governance.service';
import type { GovernanceSnapshotDto } from './review-response.dto';

const AGE_BUCKETS = [
  ['lt1h', 'lt_1h'],
  ['lt1d', '1h_1d'],
  ['lt7d', '1d_7d'],
  ['gte7d', 'ge_7d'],
] as const;

type Row = { entityType: string } & Pick<GovernanceSnapshotDto, 'openByAge' | 'autoLinkOverturn'>;

/**
 * The stewardship governance counters as gauges, read at scrape time (cached for 5 s): open review
 * items by age bucket, and the stewards' overturn rate of automatic links. They come from
 * GovernanceService, so the metrics and GET /v1/review/stats agree. A database that cannot be
 * reached leaves these series absent and counts `joinery_state_scrape_errors_total`.
 */
@Injectable()
export class GovernanceCollector {
  constructor(metrics: MetricsRegistry, governance: GovernanceService, matchers: MatcherRegistry) {
    const rows = stateScrapeCache(metrics, async (): Promise<Row[]> => {
      const out: Row[] = [];
      for (const entityType of matchers.entityTypes()) {
        const { openByAge, autoLinkOverturn } = await governance.snapshot(entityType, 1);
        out.push({ entityType, openByAge, autoLinkOverturn });
      }
      return out;
    });
    const registers = [metrics.registry];
    new Gauge({
      name: 'joinery_review_open_items',
      help: 'Open review items by entity type and age bucket (lt_1h, 1h_1d, 1d_7d, ge_7d)',
      labelNames: ['entity_type', 'age'],
      registers,
      async collect() {
        this.reset();
        for (const row of (await rows.get()) ?? [])
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
        for (const row of (await rows.get()) ?? [])
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
        for (const row of (await rows.get()) ?? [])
          if (row.autoLinkOverturn.share !== null)
            this.set({ entity_type: row.entityType }, row.autoLinkOverturn.share);
      },
    });
  }
}
