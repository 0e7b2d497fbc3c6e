import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { RequireRole } from '../../../platform/common/http/roles';
import type { DryRunReport } from '../reevaluation.service';
import { RefreshDto, StatsStatusDto, toRefreshDto, toStatusDto } from './corpus-stats.dto';
import { StatsRefreshService } from './stats-refresh.service';

/** Corpus statistics for admins: the snapshots of a type, a refresh (a roll-out job), its dry run. */
@Controller('v1/admin/corpus-stats')
@RequireRole('admin')
export class CorpusStatsController {
  constructor(private readonly stats: StatsRefreshService) {}

  @Get(':entityType')
  async status(@Param('entityType') entityType: string): Promise<StatsStatusDto> {
    return toStatusDto(await this.stats.status(entityType));
  }

  @Post(':entityType/refresh')
  @HttpCode(202)
  async refresh(@Param('entityType') entityType: string): Promise<RefreshDto> {
    return toRefreshDto(await this.stats.refresh(entityType));
  }

  @Post(':entityType/diff')
  @HttpCode(200)
  diff(@Param('entityType') entityType: string): Promise<DryRunReport> {
    return this.stats.diff(entityType);
  }
}
