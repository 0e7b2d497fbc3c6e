import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsInstant } from './instant.validator';

/** The most keys one POST /v1/xref/resolve may carry; more is refused with 413 XREF.TOO_MANY_KEYS. */
export const MAX_RESOLVE_KEYS = 10_000;

/** Same bounds as ingestion's identifiers (a domain is short, a source id may be a long natural key). */
const MAX_DOMAIN = 128;
const MAX_ID = 512;

/** Path parameters of GET /v1/xref/{entityType}/{domain}/{sourceId}. */
export class XrefKeyParams {
  @IsString() @IsNotEmpty() @MaxLength(MAX_ID) entityType!: string;
  @IsString() @IsNotEmpty() @MaxLength(MAX_DOMAIN) domain!: string;
  @IsString() @IsNotEmpty() @MaxLength(MAX_ID) sourceId!: string;
}

/** `asOf` and `targetDomain`, shared by the single and the batch lookup. */
export class XrefViewQuery {
  @IsOptional() @IsInstant() asOf?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(MAX_DOMAIN) targetDomain?: string;
}

export class XrefKeyDto extends XrefKeyParams {}

/** Body of POST /v1/xref/resolve. The key count is checked (413) before this is validated. */
export class ResolveRequestDto extends XrefViewQuery {
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => XrefKeyDto)
  keys!: XrefKeyDto[];
}

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Query of GET /v1/xref/export. */
export class ExportQueryDto {
  @IsString() @IsNotEmpty() @MaxLength(MAX_ID) entityType!: string;
  @IsOptional() @IsIn(EXPORT_FORMATS) format?: ExportFormat;
  @IsOptional() @IsInstant() asOf?: string;
  @IsOptional() @IsInstant() since?: string;
  /** The `cursor` of the last row received: a membership id. */
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'cursor must be the cursor value of a row from an earlier export' })
  cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000_000) limit?: number;
}
