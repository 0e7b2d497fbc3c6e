import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Actor, CurrentActor } from '../../platform/common/actor';
import { GovernanceService } from './governance.service';
import type {
  GovernanceSnapshotDto,
  ReviewDecisionResultDto,
  ReviewItemDto,
  ReviewPageDto,
} from './review-response.dto';
import { ReviewService } from './review.service';
import {
  AssignDto,
  DecisionDto,
  NumericIdParams,
  ReviewListQueryDto,
  StatsQueryDto,
} from './steward-request.dto';
import { RequireRole } from '../../platform/common/http/roles';

/** The review queue (openapi.yaml, tag stewardship); every answer is the caller's view (PiiReadPolicy). */
@Controller('v1/review')
@RequireRole('steward')
export class ReviewController {
  constructor(
    private readonly reviews: ReviewService,
    private readonly governance: GovernanceService,
  ) {}

  @Get()
  list(@Query() query: ReviewListQueryDto, @CurrentActor() actor: Actor): Promise<ReviewPageDto> {
    return this.reviews.list(query, actor);
  }

  /** Declared before `:id`, so "stats" is not taken for an id. */
  @Get('stats')
  stats(@Query() query: StatsQueryDto): Promise<GovernanceSnapshotDto> {
    return this.governance.snapshot(query.entityType ?? null, query.days);
  }

  @Get(':id')
  get(@Param() params: NumericIdParams, @CurrentActor() actor: Actor): Promise<ReviewItemDto> {
    return this.reviews.get(params.id, actor);
  }

  @Post(':id/assign')
  @HttpCode(200)
  assign(
    @Param() params: NumericIdParams,
    @Body() body: AssignDto,
    @CurrentActor() actor: Actor,
  ): Promise<ReviewItemDto> {
    return this.reviews.assign(params.id, body.assignee, actor);
  }

  @Post(':id/decision')
  @HttpCode(200)
  decide(
    @Param() params: NumericIdParams,
    @Body() body: DecisionDto,
    @CurrentActor() actor: Actor,
  ): Promise<ReviewDecisionResultDto> {
    return this.reviews.decide(params.id, body, actor);
  }
}
