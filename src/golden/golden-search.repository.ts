import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SurvivedAttribute } from '../resolution/golden-entity.entity';

export interface SearchCandidate {
  goldenId: string;
  memberCount: number;
  attributes: Record<string, SurvivedAttribute>;
}

/**
 * Candidate golden entities for a search, from the trigram index ix_golden_entities_search over
 * joinery_golden_search_text(attributes) (migration 1764072200000): the survived values of active
 * entities, lowercased and joined with spaces.
 */
@Injectable()
export class GoldenSearchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Active entities whose text comes within `threshold` of the query (pg_trgm word_similarity,
   * 0..1), most similar first. The threshold is what keeps this fast: the trigram index is lossy,
   * so every entity it proposes is rechecked by recomputing its text.
   */
  async candidates(
    entityType: string,
    q: string,
    limit: number,
    threshold: number,
  ): Promise<SearchCandidate[]> {
    // SET LOCAL scopes the threshold to this transaction; the `<%` operator reads it, and only the
    // operator (not the word_similarity() function) can use the GIN index.
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, [String(threshold)]);
      const rows: Array<{
        golden_id: string;
        member_count: number;
        attributes: Record<string, SurvivedAttribute>;
      }> = await m.query(
        `SELECT golden_id, member_count, attributes
             FROM golden_entities
            WHERE status = 'active' AND entity_type = $1 AND lower($2) <% joinery_golden_search_text(attributes)
            ORDER BY word_similarity(lower($2), joinery_golden_search_text(attributes)) DESC, golden_id
            LIMIT $3`,
        [entityType, q, limit],
      );
      return rows.map((r) => ({
        goldenId: r.golden_id,
        memberCount: r.member_count,
        attributes: r.attributes,
      }));
    });
  }
}
