import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MAX_PAGE_SIZE } from '../common/keyset-cursor';
import { AUDIT_ACTIONS, type AuditAction } from './audit-action';

export class AuditQueryDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(256) actor?: string;
  @IsOptional() @IsIn(AUDIT_ACTIONS) action?: AuditAction;
  /** `<kind>:<id>`, e.g. `golden:4b0c…` or `review-item:12`. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(300) target?: string;
  /** Entries at or after this instant (RFC 3339). */
  @IsOptional() @IsISO8601({ strict: true }) since?: string;
  /** Entries before this instant (RFC 3339). */
  @IsOptional() @IsISO8601({ strict: true }) until?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

/** One audit entry (openapi.yaml: AuditEntry). */
export interface AuditEntryDto {
  id: string;
  occurredAt: string;
  actor: string;
  role: string;
  action: AuditAction;
  target: string;
  entityType: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export interface AuditPageDto {
  items: AuditEntryDto[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}
