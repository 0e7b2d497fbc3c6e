import { Injectable } from '@nestjs/common';
import { PiiReadPolicy } from '../auth/pii-read.policy';
import type { Actor } from '../../platform/common/actor';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { KnownEntityTypes } from '../xref/known-entity-types';
import { rankCandidates } from './golden-search.ranker';
import { GoldenSearchRepository } from './golden-search.repository';
import { GOLDEN_SEARCH_VIEW } from './golden-pii.views';
import type { GoldenSearchHitDto, GoldenSearchResponseDto } from './golden-response.dto';

export const DEFAULT_SEARCH_RESULTS = 10;
/** Candidates fetched per result asked for, and their cap: Fuse.js ranks at most this many. */
const CANDIDATES_PER_RESULT = 10;
const MAX_CANDIDATES = 500;
/**
 * word_similarity thresholds, the next tried only when the previous found nothing: 0.6 (pg_trgm's
 * default) answers most searches from a few hundred rechecked rows; 0.3 reaches a badly misspelt
 * query, at many times the cost (on 500,000 entities: ~30 ms against ~400 ms).
 */
const THRESHOLDS = [0.6, 0.3];

/**
 * Fuzzy search of golden entities: the trigram index finds candidates, Fuse.js ranks them. Readers
 * never match on PII fields and see them masked; a steward's hits are clear and audited.
 */
@Injectable()
export class GoldenSearchService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly repository: GoldenSearchRepository,
    private readonly entityTypes: KnownEntityTypes,
    private readonly pii: PiiReadPolicy,
  ) {}

  async search(
    entityType: string,
    q: string,
    actor: Actor,
    limit = DEFAULT_SEARCH_RESULTS,
  ): Promise<GoldenSearchResponseDto> {
    this.entityTypes.assertKnown([{ entityType, field: 'entityType' }]);
    const exclude = this.pii.searchExclusions(actor, entityType);
    const query = q.trim();
    const wanted = Math.min(MAX_CANDIDATES, Math.max(50, limit * CANDIDATES_PER_RESULT));
    let results: GoldenSearchHitDto[] = [];
    for (const threshold of THRESHOLDS) {
      results = rankCandidates(
        query,
        await this.transactions.run((m) =>
          this.repository.candidates(m, entityType, query, wanted, threshold),
        ),
        limit,
        exclude,
      );
      if (results.length > 0) break;
    }
    return this.pii.read(actor, { entityType, q: query, results }, GOLDEN_SEARCH_VIEW);
  }
}
