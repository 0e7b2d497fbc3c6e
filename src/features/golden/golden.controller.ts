import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { RequireRole } from '../../platform/common/http/roles';
import { Actor, CurrentActor } from '../../platform/common/actor';
import {
  GoldenOperationResultDto,
  KeepOutDto,
  MergeDto,
  MoveDto,
  SplitDto,
} from '../stewardship/golden-operation.dto';
import { GoldenOperationsService } from '../stewardship/golden-operations.service';
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
 * Every route under /v1/golden (openapi.yaml, tags golden and stewardship): reads for readers (each
 * answer is the caller's view of it, PiiReadPolicy), and the stewards' operations, which the
 * stewardship service carries out as constraints and a recluster, like every other steward ruling.
 */
@Controller('v1/golden')
@RequireRole('reader')
export class GoldenController {
  constructor(
    private readonly golden: GoldenService,
    private readonly searcher: GoldenSearchService,
    private readonly operations: GoldenOperationsService,
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

  @Post(':goldenId/merge')
  @RequireRole('steward')
  @HttpCode(200)
  merge(
    @Param() p: GoldenIdParams,
    @Body() body: MergeDto,
    @CurrentActor() actor: Actor,
  ): Promise<GoldenOperationResultDto> {
    return this.operations.merge(p.goldenId, body, actor);
  }

  @Post(':goldenId/split')
  @RequireRole('steward')
  @HttpCode(200)
  split(
    @Param() p: GoldenIdParams,
    @Body() body: SplitDto,
    @CurrentActor() actor: Actor,
  ): Promise<GoldenOperationResultDto> {
    return this.operations.split(p.goldenId, body, actor);
  }

  @Post(':goldenId/move')
  @RequireRole('steward')
  @HttpCode(200)
  move(
    @Param() p: GoldenIdParams,
    @Body() body: MoveDto,
    @CurrentActor() actor: Actor,
  ): Promise<GoldenOperationResultDto> {
    return this.operations.move(p.goldenId, body, actor);
  }

  @Post(':goldenId/keep-out')
  @RequireRole('steward')
  @HttpCode(200)
  keepOut(
    @Param() p: GoldenIdParams,
    @Body() body: KeepOutDto,
    @CurrentActor() actor: Actor,
  ): Promise<GoldenOperationResultDto> {
    return this.operations.keepOut(p.goldenId, body, actor);
  }
}
