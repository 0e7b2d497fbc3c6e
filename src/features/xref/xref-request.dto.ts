import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsInstant } from './instant.validator';
import { MAX_DOMAIN, MAX_ID, MAX_PARQUET_ROW_GROUP_ROWS } from './xref-limits';

/** Path parameters of GET /v1/xref/{entityType}/{domain}/{sourceId}. */
export class XrefKeyParams {
  @IsString() @IsNotEmpty() @MaxLength(MAX_ID) entityType!: string;
  @IsString() @IsNotEmpty() @MaxLength(MAX_DOMAIN) domain!: string;
  @IsString() @IsNotEmpty() @MaxLength(MAX_ID) sourceId!: string;
}

/** `asOf` and `targetDomain` of the single lookup (the batch's body: resolve-request.parser.ts). */
export class XrefViewQuery {
  @IsOptional() @IsInstant() asOf?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(MAX_DOMAIN) targetDomain?: string;
}

export const EXPORT_FORMATS = ['ndjson', 'csv', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** The line-per-row formats (export-format.ts); parquet is parquet-export.ts. */
export type TextFormat = Exclude<ExportFormat, 'parquet'>;

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
  /** Parquet only: rows per row group (parquet-export.ts explains the default). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(MAX_PARQUET_ROW_GROUP_ROWS)
  rowGroupRows?: number;
}
