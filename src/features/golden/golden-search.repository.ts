import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { SurvivedAttribute } from '../../core/resolution/golden-entity.entity';

export interface SearchCandidate {
  goldenId: string;
  memberCount: number;
  attributes: Record<string, SurvivedAttribute>;
}

/**
 * Candidate golden entities for a search, from the trigram index ix_golden_search_text over
 * golden_search (migration 1764132000000): joinery_golden_search_text(attributes), the survived
 * values of each active entity lowercased and joined with spaces, kept by the search indexer a
 * moment behind the golden events. The entity itself is read as it is now, and only while active,
 * so a retired or deleted entity is never answered even before the indexer has removed its row.
 */
@Injectable()
export class GoldenSearchRepository {
  /**
   * Active entities whose text comes within `threshold` of the query (pg_trgm word_similarity,
   * 0..1), most similar first. The threshold is what keeps this fast: the trigram index is lossy,
   * so every row it proposes is rechecked against its text. Runs in the caller's transaction,
   * which SET LOCAL scopes the threshold to.
   */
  async candidates(
    m: EntityManager,
    entityType: string,
    q: string,
    limit: number,
    threshold: number,
  ): Promise<SearchCandidate[]> {
    // SET LOCAL scopes the threshold to the transaction; the `<%` operator reads it, and only the
    // operator (not the word_similarity() function) can use the GIN index.
    await m.query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, [String(threshold)]);
    const rows: Array<{
      golden_id: string;
      member_count: number;
      attributes: Record<string, SurvivedAttribute>;
    }> = await m.query(
      `SELECT g.golden_id, g.member_count, g.attributes
             FROM golden_search s JOIN golden_entities g ON g.golden_id = s.golden_id
            WHERE s.entity_type = $1 AND lower($2) <% s.search_text AND g.status = 'active'
            ORDER BY word_similarity(lower($2), s.search_text) DESC, s.golden_id
            LIMIT $3`,
      [entityType, q, limit],
    );
    return rows.map((r) => ({
      goldenId: r.golden_id,
      memberCount: r.member_count,
      attributes: r.attributes,
    }));
  }
}
