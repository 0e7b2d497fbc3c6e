import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Reason } from '../../platform/audit/reason';
import { MAX_PAGE_SIZE } from '../../platform/common/keyset-cursor';

/** Request pieces shared by the steward routes; every one that changes state requires a Reason. */
export const MAX_ID_CHARS = 256;

/** A source record within a golden entity (its entity type is the entity's). */
export class MemberKeyDto {
  @IsString() @IsNotEmpty() @MaxLength(64) domain!: string;
  @IsString() @IsNotEmpty() @MaxLength(MAX_ID_CHARS) sourceId!: string;
}

/** A source record anywhere. */
export class RecordKeyDto extends MemberKeyDto {
  @IsString() @IsNotEmpty() @MaxLength(MAX_ID_CHARS) entityType!: string;
}

export class NumericIdParams {
  @Matches(/^[1-9][0-9]{0,17}$/, { message: 'id must be a positive integer' }) id!: string;
}

export class PageQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

export class ReviewListQueryDto extends PageQueryDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(MAX_ID_CHARS) entityType?: string;
  @IsOptional() @IsIn(['open', 'decided', 'superseded']) status?: 'open' | 'decided' | 'superseded';
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(MAX_ID_CHARS) assignee?: string;
  /** `age` (default): the oldest first with order=desc; `score`: the highest first with order=desc. */
  @IsOptional() @IsIn(['score', 'age']) sort?: 'score' | 'age';
  @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
}

export class StatsQueryDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(MAX_ID_CHARS) entityType?: string;
  /** Days of decisions to count (default 30). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(366) days?: number;
}

export class AssignDto {
  /** Who will decide the item; null hands it back to the queue. */
  @ValidateIf((o: { assignee?: unknown }) => o.assignee !== null)
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_ID_CHARS)
  assignee!: string | null;
}

export class DecisionDto {
  @IsIn(['match', 'no-match']) decision!: 'match' | 'no-match';
  @Reason() reason!: string;
}

export class ConstraintCreateDto {
  @IsIn(['must_link', 'cannot_link']) kind!: 'must_link' | 'cannot_link';
  @IsDefined() @ValidateNested() @Type(() => RecordKeyDto) a!: RecordKeyDto;
  @IsDefined() @ValidateNested() @Type(() => RecordKeyDto) b!: RecordKeyDto;
  @Reason() reason!: string;
}

export class ReasonDto {
  @Reason() reason!: string;
}

export class ConstraintListQueryDto extends PageQueryDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(MAX_ID_CHARS) entityType?: string;
  /** `domain:sourceId` of one record (needs entityType). */
  @IsOptional()
  @IsString()
  @Matches(/^[^:]+:.+$/, { message: 'record must be domain:sourceId' })
  @MaxLength(400)
  record?: string;
  @IsOptional() @IsIn(['active', 'revoked', 'all']) status?: 'active' | 'revoked' | 'all';
}
