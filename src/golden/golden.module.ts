import { DynamicModule, Module } from '@nestjs/common';
import { XrefModule } from '../xref/xref.module';
import { GoldenController } from './golden.controller';
import { GoldenQueryRepository } from './golden-query.repository';
import { GoldenSearchIndexRepository } from './golden-search-index.repository';
import { GoldenSearchIndexer } from './golden-search.indexer';
import { GoldenSearchRepository } from './golden-search.repository';
import { GoldenSearchService } from './golden-search.service';
import { GoldenService } from './golden.service';

/**
 * Read side of golden entities: by id (with retirement redirects), history, explain, search. The
 * search indexer, which keeps the search table behind the golden events, runs in the server only,
 * not in CLI commands.
 */
@Module({})
export class GoldenModule {
  static register(options: { indexer: boolean }): DynamicModule {
    return {
      module: GoldenModule,
      imports: [XrefModule],
      controllers: [GoldenController],
      providers: [
        GoldenService,
        GoldenQueryRepository,
        GoldenSearchService,
        GoldenSearchRepository,
        ...(options.indexer ? [GoldenSearchIndexRepository, GoldenSearchIndexer] : []),
      ],
    };
  }
}
