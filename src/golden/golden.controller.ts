import { Controller, Get, Param, Query } from '@nestjs/common';
import { RequireRole } from '../auth/roles';
import { Actor, CurrentActor } from '../common/actor';
import { GoldenSearchService } from './golden-search.service';
import { GoldenService } from './golden.service';
import { GoldenIdParams, HistoryQueryDto, SearchQueryDto } from './golden-request.dto';
import type {
  GoldenEntityDto,
  GoldenExplainDto,
  GoldenHistoryDto,
  GoldenSearchResponseDto,
} from './golden-response.dto';

/**
 * Golden entities by id, their history and explanation, and fuzzy search (openapi.yaml, tag golden):
 * each answer is the caller's view of it (PiiReadPolicy).
 */
@Controller('v1/golden')
@RequireRole('reader')
export class GoldenController {
  constructor(
    private readonly golden: GoldenService,
    private readonly searcher: GoldenSearchService,
  ) {}

  /** Declared before `:goldenId` so "search" is not taken for an id. */
  @Get('search')
  search(@Query() q: SearchQueryDto, @CurrentActor() actor: Actor): Promise<GoldenSearchResponseDto> {
    return this.searcher.search(q.entityType, q.q, actor, q.limit);
  }

  @Get(':goldenId')
  get(@Param() p: GoldenIdParams, @CurrentActor() actor: Actor): Promise<GoldenEntityDto> {
    return this.golden.get(p.goldenId, actor);
  }

  @Get(':goldenId/history')
  history(
    @Param() p: GoldenIdParams,
    @Query() q: HistoryQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<GoldenHistoryDto> {
    return this.golden.history(p.goldenId, actor, q.after, q.limit);
  }

  @Get(':goldenId/explain')
  explain(@Param() p: GoldenIdParams, @CurrentActor() actor: Actor): Promise<GoldenExplainDto> {
    return this.golden.explain(p.goldenId, actor);
  }
}
