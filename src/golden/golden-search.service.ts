import { Injectable } from '@nestjs/common';
import { KnownEntityTypes } from '../xref/known-entity-types';
import { rankCandidates } from './golden-search.ranker';
import { GoldenSearchRepository } from './golden-search.repository';
import type { GoldenSearchResponseDto } from './golden-response.dto';

export const DEFAULT_SEARCH_RESULTS = 10;
/** Candidates fetched per result asked for, and their cap: Fuse.js ranks at most this many. */
const CANDIDATES_PER_RESULT = 10;
const MAX_CANDIDATES = 500;

/** Fuzzy search of golden entities: the trigram index finds candidates, Fuse.js ranks them. */
@Injectable()
export class GoldenSearchService {
  constructor(
    private readonly repository: GoldenSearchRepository,
    private readonly entityTypes: KnownEntityTypes,
  ) {}

  async search(
    entityType: string,
    q: string,
    limit = DEFAULT_SEARCH_RESULTS,
  ): Promise<GoldenSearchResponseDto> {
    this.entityTypes.assertKnown([{ entityType, field: 'entityType' }]);
    const query = q.trim();
    const candidates = await this.repository.candidates(
      entityType,
      query,
      Math.min(MAX_CANDIDATES, Math.max(50, limit * CANDIDATES_PER_RESULT)),
    );
    return { entityType, q: query, results: rankCandidates(query, candidates, limit) };
  }
}
