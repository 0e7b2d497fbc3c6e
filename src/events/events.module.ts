import { Module } from '@nestjs/common';
import { GoldenEventRelay } from './golden-event.relay';
import { RelayLeaseRepository } from './relay-lease.repository';
import { XrefTopicSeeder } from './xref-topic.seeder';

/** The outbox relay; the outbox repository itself is provided by ResolutionModule, which writes it. */
@Module({ providers: [GoldenEventRelay, RelayLeaseRepository, XrefTopicSeeder] })
export class EventsModule {}
