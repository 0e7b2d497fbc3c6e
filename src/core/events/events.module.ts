import { DynamicModule, Module } from '@nestjs/common';
import { GoldenEventRelay } from './golden-event.relay';
import { OutboxBacklogRepository } from './outbox-backlog.repository';
import { OutboxCollector } from './outbox.collector';
import { RelayLeaseRepository } from './relay-lease.repository';
import { XrefTopicSeeder } from './xref-topic.seeder';

/**
 * The outbox's gauges and, in the server (not in CLI commands), its relay to Kafka. The outbox
 * repository itself is provided by ResolutionModule, which writes it.
 */
@Module({})
export class EventsModule {
  static register(options: { relay: boolean }): DynamicModule {
    return {
      module: EventsModule,
      providers: [
        OutboxBacklogRepository,
        OutboxCollector,
        ...(options.relay ? [GoldenEventRelay, RelayLeaseRepository, XrefTopicSeeder] : []),
      ],
    };
  }
}
