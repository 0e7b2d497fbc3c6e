import { Controller, Get, Param, Query } from '@nestjs/common';
import { GoldenSearchService } from './golden-search.service';
import { GoldenService } from './golden.service';
import { GoldenIdParams, HistoryQueryDto, SearchQueryDto } from './golden-request.dto';
import type {
  GoldenEntityDto,
  GoldenExplainDto,
  GoldenHistoryDto,
  GoldenSearchResponseDto,
} from './golden-response.dto';
import { RequireRole } from '../auth/roles';

/** Golden entities by id, their history and explanation, and fuzzy search (openapi.yaml, tag golden). */
@Controller('v1/golden')
@RequireRole('reader')
export class GoldenController {
  constructor(
    private readonly golden: GoldenService,
    private readonly searcher: GoldenSearchService,
  ) {}

  /** Declared before `:goldenId` so "search" is not taken for an id. */
  @Get('search')
  search(@Query() query: SearchQueryDto): Promise<GoldenSearchResponseDto> {
    return this.searcher.search(query.entityType, query.q, query.limit);
  }

  @Get(':goldenId')
  get(@Param() params: GoldenIdParams): Promise<GoldenEntityDto> {
    return this.golden.get(params.goldenId);
  }

  @Get(':goldenId/history')
  history(@Param() params: GoldenIdParams, @Query() query: HistoryQueryDto): Promise<GoldenHistoryDto> {
    return this.golden.history(params.goldenId, query.after, query.limit);
  }

  @Get(':goldenId/explain')
  explain(@Param() params: GoldenIdParams): Promise<GoldenExplainDto> {
    return this.golden.explain(params.goldenId);
  }
}
