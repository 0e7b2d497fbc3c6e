import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Actor, CurrentActor } from '../../platform/common/actor';
import { RequireRole } from '../../platform/common/http/roles';
import { Reason } from '../../platform/audit/reason';
import { EVENT_LIMITS } from './change-event.rules';
import { OrderingResetDto, RecordOrderingService } from './record-ordering.service';

export class RecordKeyParams {
  @IsString() @IsNotEmpty() @MaxLength(EVENT_LIMITS.maxIdChars) entityType!: string;
  @IsString() @IsNotEmpty() @MaxLength(EVENT_LIMITS.maxDomainChars) domain!: string;
  @IsString() @IsNotEmpty() @MaxLength(EVENT_LIMITS.maxIdChars) sourceId!: string;
}

export class ResetOrderingDto {
  @Reason() reason!: string;
  /** RFC 3339; default: the latest applied event's occurredAt that is not in the future. */
  @IsOptional() @IsString() @MaxLength(64) occurredAt?: string;
}

/** A steward's repair of a source record's ordering state (openapi.yaml, resetRecordOrdering). */
@Controller('v1/records')
@RequireRole('steward')
export class RecordOrderingController {
  constructor(private readonly ordering: RecordOrderingService) {}

  @Post(':entityType/:domain/:sourceId/reset-ordering')
  @HttpCode(200)
  reset(
    @Param() params: RecordKeyParams,
    @Body() body: ResetOrderingDto,
    @CurrentActor() actor: Actor,
  ): Promise<OrderingResetDto> {
    return this.ordering.reset(actor, params, body.reason, body.occurredAt);
  }
}
