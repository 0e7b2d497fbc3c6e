import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class GoldenIdParams {
  @IsString() @IsNotEmpty() @MaxLength(128) goldenId!: string;
}

export const MAX_HISTORY_PAGE = 500;
/** Golden versions are PostgreSQL integers: a larger `after` cannot match anything and is refused. */
export const MAX_GOLDEN_VERSION = 2_147_483_647;

export class HistoryQueryDto {
  /** Events with a version greater than this (the `nextAfter` of the previous page). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_GOLDEN_VERSION) after?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_HISTORY_PAGE) limit?: number;
}

export const MAX_SEARCH_RESULTS = 100;

export class SearchQueryDto {
  @IsString() @IsNotEmpty() @MaxLength(128) entityType!: string;
  /** Two characters at least: a trigram index cannot find anything with less. */
  @IsString() @MinLength(2) @MaxLength(200) q!: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_SEARCH_RESULTS) limit?: number;
}
