import { DynamicModule, Module } from '@nestjs/common';
import { StewardshipModule } from '../stewardship/stewardship.module';
import { XrefModule } from '../xref/xref.module';
import { GoldenController } from './golden.controller';
import { GoldenExportRepository } from './golden-export.repository';
import { GoldenExportService } from './golden-export.service';
import { GoldenQueryRepository } from './golden-query.repository';
import { GoldenSearchIndexRepository } from './golden-search-index.repository';
import { GoldenSearchIndexer } from './golden-search.indexer';
import { GoldenSearchRepository } from './golden-search.repository';
import { GoldenSearchService } from './golden-search.service';
import { GoldenService } from './golden.service';

/**
 * The golden feature: every /v1/golden route. Reads by id (with retirement redirects), history,
 * explain and search, each through the PII read policy; the steward operations (merge, split, move,
 * keep-out) call the stewardship service that writes their constraints. The writes of golden
 * entities themselves are resolution's (src/core/resolution/golden.repository.ts). The search indexer, which keeps the search table behind the golden events, runs in the server only,
 * not in CLI commands.
 */
@Module({})
export class GoldenModule {
  static register(options: { indexer: boolean }): DynamicModule {
    return {
      module: GoldenModule,
      imports: [XrefModule, StewardshipModule],
      controllers: [GoldenController],
      providers: [
        GoldenService,
        GoldenQueryRepository,
        GoldenSearchService,
        GoldenSearchRepository,
        GoldenExportService,
        GoldenExportRepository,
        ...(options.indexer ? [GoldenSearchIndexRepository, GoldenSearchIndexer] : []),
      ],
    };
  }
}
