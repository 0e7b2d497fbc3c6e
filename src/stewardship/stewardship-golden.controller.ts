import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Actor, CurrentActor } from '../common/actor';
import { GoldenOperationResultDto, KeepOutDto, MergeDto, MoveDto, SplitDto } from './golden-operation.dto';
import { GoldenOperationsService } from './golden-operations.service';
import { GoldenIdParams } from './steward-request.dto';
import { RequireRole } from '../auth/roles';

/**
 * Manual operations on golden entities (openapi.yaml, tag stewardship). POSTs on sub-paths of
 * /v1/golden/{goldenId}, beside the read routes of the golden module, which owns the GETs.
 */
@Controller('v1/golden')
@RequireRole('steward')
export class StewardshipGoldenController {
  constructor(private readonly operations: GoldenOperationsService) {}

  @Post(':goldenId/merge')
  @HttpCode(200)
  merge(
    @Param() p: GoldenIdParams,
    @Body() body: MergeDto,
    @CurrentActor() actor: Actor,
  ): Promise<GoldenOperationResultDto> {
    return this.operations.merge(p.goldenId, body, actor);
  }

  @Post(':goldenId/split')
  @HttpCode(200)
  split(
    @Param() p: GoldenIdParams,
    @Body() body: SplitDto,
    @CurrentActor() actor: Actor,
  ): Promise<GoldenOperationResultDto> {
    return this.operations.split(p.goldenId, body, actor);
  }

  @Post(':goldenId/move')
  @HttpCode(200)
  move(
    @Param() p: GoldenIdParams,
    @Body() body: MoveDto,
    @CurrentActor() actor: Actor,
  ): Promise<GoldenOperationResultDto> {
    return this.operations.move(p.goldenId, body, actor);
  }

  @Post(':goldenId/keep-out')
  @HttpCode(200)
  keepOut(
    @Param() p: GoldenIdParams,
    @Body() body: KeepOutDto,
    @CurrentActor() actor: Actor,
  ): Promise<GoldenOperationResultDto> {
    return this.operations.keepOut(p.goldenId, body, actor);
  }
}
