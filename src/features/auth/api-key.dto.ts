import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Type } from 'class-transformer';
import { ROLES, type Role } from '../../platform/common/http/roles';
import type { ApiKeyRow } from './api-key.repository';

export class CreateApiKeyDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @IsIn(ROLES)
  role!: Role;
}

export class RevokeApiKeyDto {
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class ListApiKeysQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class ApiKeyIdParam {
  @Matches(/^\d{1,18}$/, { message: 'id must be a decimal key id' })
  id!: string;
}

export interface ApiKeyDto {
  id: string;
  name: string;
  role: Role;
  keyPrefix: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

export const toApiKeyDto = (r: ApiKeyRow): ApiKeyDto => ({
  id: r.id,
  name: r.name,
  role: r.role,
  keyPrefix: r.keyPrefix,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  revokedAt: r.revokedAt ? r.revokedAt.toISOString() : null,
});
