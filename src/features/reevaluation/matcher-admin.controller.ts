import { Body, Controller, SetMetadata, Get, HttpCode, Param, Post } from '@nestjs/common';
import { configOf, JobDto, toJobDto } from './reevaluation.dto';
import { DryRunReport, ReevaluationService } from './reevaluation.service';
import { RequireRole } from '../../platform/common/http/roles';
import { Actor, CurrentActor } from '../../platform/common/actor';
import { AcceptsBody } from '../../platform/common/http/body.guard';
import { MatcherConfigsDto } from '../../core/matching/matcher-config.dto';
import { MatcherConfigService } from '../../core/matching/matcher-config.service';
import { DomainException } from '../../platform/common/errors/domain.exception';

/** A matcher config is a few KB of YAML; 1 MB is generous. */
const MATCHER_BODY_BYTES = 1024 * 1024;

/** A version number as the history lists it (a positive integer), or a 400 naming the field. */
function versionNumber(raw: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(raw))
    throw new DomainException('COMMON.VALIDATION_FAILED', 'request validation failed', [
      { field: 'version', reason: 'must be a version number (a positive integer) from the history' },
    ]);
  return Number(raw);
}

/**
 * Matcher configs and their changes for admins (an auth guard with the `admin` role goes on this
 * class): the versions, a dry run with exact counts, a tracked roll-out, and the roll-out's progress.
 */
// The admin role, as the auth guard reads it (`joinery:role`); without the guard it is inert.
@SetMetadata('joinery:role', 'admin')
@Controller('v1/admin')
@RequireRole('admin')
export class MatcherAdminController {
  constructor(
    private readonly reevaluation: ReevaluationService,
    private readonly configs: MatcherConfigService,
  ) {}

  @Get('matchers/:entityType')
  versions(@Param('entityType') entityType: string): Promise<MatcherConfigsDto> {
    return this.configs.history(entityType);
  }

  @Post('matchers/:entityType/diff')
  @AcceptsBody({ limit: MATCHER_BODY_BYTES, yaml: true })
  @HttpCode(200)
  diff(@Param('entityType') entityType: string, @Body() body: unknown): Promise<DryRunReport> {
    return this.reevaluation.diff(entityType, configOf(body));
  }

  @Post('matchers/:entityType/apply')
  @AcceptsBody({ limit: MATCHER_BODY_BYTES, yaml: true })
  @HttpCode(202)
  async apply(
    @Param('entityType') entityType: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<JobDto> {
    return toJobDto((await this.reevaluation.apply(entityType, configOf(body), `api:${actor.id}`)).job);
  }

  @Post('matchers/:entityType/versions/:version/apply')
  @HttpCode(202)
  async restore(
    @Param('entityType') entityType: string,
    @Param('version') version: string,
    @CurrentActor() actor: Actor,
  ): Promise<JobDto> {
    const started = await this.reevaluation.restore(entityType, versionNumber(version), `api:${actor.id}`);
    return toJobDto(started.job);
  }

  @Get('jobs/:id')
  async job(@Param('id') id: string): Promise<JobDto> {
    return toJobDto(await this.reevaluation.job(id));
  }
}
