import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../../platform/audit/audit.module';
import { BackfillModule } from '../backfill/backfill.module';
import { ChangeEventValidator } from './change-event.validator';
import { IngestionMetrics } from './ingestion-metrics';
import { IngestionConsumer } from './ingestion.consumer';
import { IngestionController } from './ingestion.controller';
import { INGESTION_OPTIONS, IngestionModuleOptions } from './ingestion.options';
import { IngestionService } from './ingestion.service';
import { KafkaBackfill } from './kafka-backfill';
import { RecordOrderingController } from './record-ordering.controller';
import { RecordOrderingRepository } from './record-ordering.repository';
import { RecordOrderingService } from './record-ordering.service';
import { SourceRecordRepository } from './source-record.repository';

/**
 * Change events in (REST, Kafka, bulk loader), source records out. The RecordChangeHandler that
 * resolution provides under RECORD_CHANGE_HANDLER is optional: it must be visible here (a global
 * module's export) to be called.
 */
@Module({})
export class IngestionModule {
  static register(options: IngestionModuleOptions = { consumer: true }): DynamicModule {
    return {
      module: IngestionModule,
      imports: [AuditModule, BackfillModule],
      controllers: [IngestionController, RecordOrderingController],
      providers: [
        { provide: INGESTION_OPTIONS, useValue: options },
        SourceRecordRepository,
        ChangeEventValidator,
        IngestionMetrics,
        IngestionService,
        IngestionConsumer,
        KafkaBackfill,
        RecordOrderingRepository,
        RecordOrderingService,
      ],
      exports: [IngestionService, IngestionMetrics, ChangeEventValidator],
    };
  }
}
