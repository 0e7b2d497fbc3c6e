import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ValidatesFast } from '../../platform/common/validation';
import { IsInstant, isInstant } from './instant.validator';
import { MAX_DOMAIN, MAX_ID, MAX_PARQUET_ROW_GROUP_ROWS } from './xref-limits';

/** A string class-validator's IsString, IsNotEmpty and MaxLength(max) certainly accept. */
const plainString = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Path parameters of GET /v1/xref/{entityType}/{domain}/{sourceId}. The single lookup is the hot
 * route (issue #16): a plainly valid key skips class-validator (ValidatesFast).
 */
@ValidatesFast((v) =>
  isRecord(v) &&
  Object.keys(v).length === 3 &&
  plainString(v.entityType, MAX_ID) &&
  plainString(v.domain, MAX_DOMAIN) &&
  plainString(v.sourceId, MAX_ID)
    ? { entityType: v.entityType, domain: v.domain, sourceId: v.sourceId }
    : undefined,
)
export class XrefKeyParams {
  @IsString() @IsNotEmpty() @MaxLength(MAX_ID) entityType!: string;
  @IsString() @IsNotEmpty() @MaxLength(MAX_DOMAIN) domain!: string;
  @IsString() @IsNotEmpty() @MaxLength(MAX_ID) sourceId!: string;
}

const VIEW_FIELDS: ReadonlySet<string> = new Set(['asOf', 'targetDomain']);

/** `asOf` and `targetDomain` of the single lookup (the batch's body: resolve-request.parser.ts). */
@ValidatesFast((v) =>
  isRecord(v) &&
  Object.keys(v).every((k) => VIEW_FIELDS.has(k)) &&
  (v.asOf === undefined || isInstant(v.asOf)) &&
  (v.targetDomain === undefined || plainString(v.targetDomain, MAX_DOMAIN))
    ? {
        ...(v.asOf !== undefined && { asOf: v.asOf }),
        ...(v.targetDomain !== undefined && { targetDomain: v.targetDomain }),
      }
    : undefined,
)
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
