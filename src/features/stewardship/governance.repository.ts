import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { GovernanceSnapshotDto } from './review-response.dto';

/** The governance counters, straight from SQL (a metrics endpoint will read the same numbers). */
@Injectable()
export class GovernanceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async openByAge(entityType: string | null): Promise<GovernanceSnapshotDto['openByAge']> {
    const [row]: Array<{ lt1h: number; lt1d: number; lt7d: number; gte7d: number; total: number }> =
      await this.dataSource.query(
        `SELECT count(*) FILTER (WHERE age < interval '1 hour')::int AS lt1h,
                count(*) FILTER (WHERE age >= interval '1 hour' AND age < interval '1 day')::int AS lt1d,
                count(*) FILTER (WHERE age >= interval '1 day' AND age < interval '7 days')::int AS lt7d,
                count(*) FILTER (WHERE age >= interval '7 days')::int AS gte7d,
                count(*)::int AS total
           FROM (SELECT now() - created_at AS age FROM review_items
                  WHERE status = 'open' AND ($1::text IS NULL OR entity_type = $1)) t`,
        [entityType],
      );
    return row;
  }

  async decisionsPerDay(
    entityType: string | null,
    days: number,
  ): Promise<GovernanceSnapshotDto['decisionsPerDay']> {
    const rows: Array<{ day: string; match: number; no_match: number }> = await this.dataSource.query(
      `SELECT to_char(decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
              count(*) FILTER (WHERE decision = 'match')::int AS match,
              count(*) FILTER (WHERE decision = 'no-match')::int AS no_match
         FROM review_items
        WHERE status = 'decided' AND decided_at >= now() - make_interval(days => $2)
          AND ($1::text IS NULL OR entity_type = $1)
        GROUP BY 1 ORDER BY 1`,
      [entityType, days],
    );
    return rows.map((r) => ({ day: r.day, match: r.match, noMatch: r.no_match }));
  }

  /**
   * Of the pairs stewards ruled on that the matcher had linked automatically (auto_edge, noted when
   * the constraint was written), how many they ruled apart. Revoked rulings still count: they were
   * decisions.
   */
  async autoLinkOverturn(entityType: string | null): Promise<GovernanceSnapshotDto['autoLinkOverturn']> {
    const [row]: Array<{ reviewed: number; overturned: number }> = await this.dataSource.query(
      `SELECT count(DISTINCT (record_a, record_b))::int AS reviewed,
              count(DISTINCT (record_a, record_b)) FILTER (WHERE kind = 'cannot_link')::int AS overturned
         FROM link_constraints
        WHERE auto_edge AND ($1::text IS NULL OR entity_type = $1)`,
      [entityType],
    );
    return {
      reviewedPairs: row.reviewed,
      overturnedPairs: row.overturned,
      share: row.reviewed === 0 ? null : row.overturned / row.reviewed,
    };
  }
}
