import { Module } from '@nestjs/common';
import { XrefModule } from '../xref/xref.module';
import { GoldenController } from './golden.controller';
import { GoldenQueryRepository } from './golden-query.repository';
import { GoldenSearchRepository } from './golden-search.repository';
import { GoldenSearchService } from './golden-search.service';
import { GoldenService } from './golden.service';

/** Read side of golden entities: by id (with retirement redirects), history, explain, search. */
@Module({
  imports: [XrefModule],
  controllers: [GoldenController],
  providers: [GoldenService, GoldenQueryRepository, GoldenSearchService, GoldenSearchRepository],
})
export class GoldenModule {}
