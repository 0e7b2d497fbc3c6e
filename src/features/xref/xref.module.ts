import { Module } from '@nestjs/common';
import { KnownEntityTypes } from './known-entity-types';
import { PgReader } from './pg-reader';
import { XrefController } from './xref.controller';
import { XrefExportRepository } from './xref-export.repository';
import { XrefExportService } from './xref-export.service';
import { XrefRepository } from './xref.repository';
import { XrefService } from './xref.service';

/** The golden cross-reference: lookups by source key, batch resolve, and the streamed export. */
@Module({
  controllers: [XrefController],
  providers: [
    XrefService,
    XrefRepository,
    XrefExportService,
    XrefExportRepository,
    KnownEntityTypes,
    PgReader,
  ],
  exports: [KnownEntityTypes, PgReader],
})
export class XrefModule {}
