import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Actor, CurrentActor } from '../../platform/common/actor';
import {
  ApiKeyDto,
  ApiKeyIdParam,
  CreateApiKeyDto,
  ListApiKeysQuery,
  RevokeApiKeyDto,
  toApiKeyDto,
} from './api-key.dto';
import { AuthService } from './auth.service';
import { RequireRole } from '../../platform/common/http/roles';

@Controller('v1/admin/keys')
@RequireRole('admin')
export class ApiKeyController {
  constructor(private readonly auth: AuthService) {}

  /** The clear key is in this response only. */
  @Post()
  @HttpCode(201)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateApiKeyDto,
  ): Promise<ApiKeyDto & { key: string }> {
    const { key, record } = await this.auth.create(actor, body.name, body.role);
    return { ...toApiKeyDto(record), key };
  }

  @Get()
  async list(@Query() query: ListApiKeysQuery): Promise<{ items: ApiKeyDto[] }> {
    return { items: (await this.auth.list(query.limit ?? 100)).map(toApiKeyDto) };
  }

  @Delete(':id')
  async revoke(
    @CurrentActor() actor: Actor,
    @Param() params: ApiKeyIdParam,
    @Body() body: RevokeApiKeyDto,
  ): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.auth.revoke(actor, params.id, body?.reason ?? null));
  }
}
