import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Actor, CurrentActor } from '../../platform/common/actor';
import type { ConstraintPageDto, ConstraintResultDto } from './constraint-response.dto';
import { ConstraintService } from './constraint.service';
import {
  ConstraintCreateDto,
  ConstraintListQueryDto,
  NumericIdParams,
  ReasonDto,
} from './steward-request.dto';
import { RequireRole } from '../../platform/common/http/roles';

/** Durable must-link / cannot-link constraints (openapi.yaml, tag stewardship). */
@Controller('v1/constraints')
@RequireRole('steward')
export class ConstraintController {
  constructor(private readonly constraints: ConstraintService) {}

  @Get()
  list(@Query() query: ConstraintListQueryDto): Promise<ConstraintPageDto> {
    return this.constraints.list(query);
  }

  @Post()
  @HttpCode(201)
  create(@Body() body: ConstraintCreateDto, @CurrentActor() actor: Actor): Promise<ConstraintResultDto> {
    return this.constraints.create(body, actor);
  }

  /** Revokes (the row stays, with who, when and why): the reason is in the JSON body. */
  @Delete(':id')
  @HttpCode(200)
  revoke(
    @Param() params: NumericIdParams,
    @Body() body: ReasonDto,
    @CurrentActor() actor: Actor,
  ): Promise<ConstraintResultDto> {
    return this.constraints.revoke(params.id, body.reason, actor);
  }
}
