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
 * How close a candidate's text must come to the query (pg_trgm word_similarity, 0..1). Low on
 * purpose: this only gathers candidates, Fuse.js ranks them.
 */
const WORD_SIMILARITY_THRESHOLD = 0.3;

/**
 * Candidate golden entities for a search, from the trigram index ix_golden_entities_search over
 * joinery_golden_search_text(attributes) (migration 1764072200000): the survived values of active
 * entities, lowercased and joined with spaces.
 */
@Injectable()
export class GoldenSearchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async candidates(entityType: string, q: string, limit: number): Promise<SearchCandidate[]> {
    // SET LOCAL scopes the threshold to this transaction; the `<%` operator reads it, and only the
    // operator (not the word_similarity() function) can use the GIN index.
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, [
        String(WORD_SIMILARITY_THRESHOLD),
      ]);
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
