import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsNotEmpty,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { EntitySnapshot } from './steward-record.repository';
import { Reason } from '../../platform/audit/reason';
import { MemberKeyDto } from './steward-request.dto';

/** Members one split may move: the constraints it writes grow with moved × remaining. */
export const MAX_SPLIT_MEMBERS = 100;

export class MergeDto {
  @IsString() @IsNotEmpty() @MaxLength(128) otherGoldenId!: string;
  @Reason() reason!: string;
}

export class SplitDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SPLIT_MEMBERS)
  @ValidateNested({ each: true })
  @Type(() => MemberKeyDto)
  members!: MemberKeyDto[];

  @Reason() reason!: string;
}

export class MoveDto {
  @IsDefined() @ValidateNested() @Type(() => MemberKeyDto) member!: MemberKeyDto;
  @IsString() @IsNotEmpty() @MaxLength(128) targetGoldenId!: string;
  @Reason() reason!: string;
}

export class KeepOutDto {
  @IsDefined() @ValidateNested() @Type(() => MemberKeyDto) member!: MemberKeyDto;
  @Reason() reason!: string;
}

/** What a manual operation did (openapi.yaml: GoldenOperationResult). */
export interface GoldenOperationResultDto {
  action: 'merge' | 'split' | 'move' | 'keep-out';
  /** The golden entities of every record involved, after the operation, with all their members. */
  entities: EntitySnapshot[];
  /** The audit entry that records it. */
  auditId: string;
}
