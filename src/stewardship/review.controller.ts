import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { PiiService } from '../auth/pii.service';
import { Actor, CurrentActor } from '../common/actor';
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
import { RequireRole } from '../auth/roles';

/** The review queue (openapi.yaml, tag stewardship). */
@Controller('v1/review')
@RequireRole('steward')
export class ReviewController {
  constructor(
    private readonly reviews: ReviewService,
    private readonly governance: GovernanceService,
    private readonly pii: PiiService,
  ) {}

  /** Both sides' attributes are shown in the clear to stewards: each read is audited (pii.read). */
  @Get()
  async list(@Query() query: ReviewListQueryDto, @CurrentActor() actor: Actor): Promise<ReviewPageDto> {
    const page = await this.reviews.list(query);
    if (page.items.length > 0)
      await this.pii.recordClearRead(
        actor,
        `review:${page.items.map((i) => i.id).join(',')}`,
        query.entityType ?? null,
      );
    return page;
  }

  /** Declared before `:id`, so "stats" is not taken for an id. */
  @Get('stats')
  stats(@Query() query: StatsQueryDto): Promise<GovernanceSnapshotDto> {
    return this.governance.snapshot(query.entityType ?? null, query.days);
  }

  @Get(':id')
  async get(@Param() params: NumericIdParams, @CurrentActor() actor: Actor): Promise<ReviewItemDto> {
    const item = await this.reviews.get(params.id);
    await this.pii.recordClearRead(actor, `review:${item.id}`, item.entityType);
    return item;
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
