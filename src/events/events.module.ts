import { Module } from '@nestjs/common';
import { GoldenEventRelay } from './golden-event.relay';
import { RelayLeaseRepository } from './relay-lease.repository';

/** The outbox relay; the outbox repository itself is provided by ResolutionModule, which writes it. */
@Module({ providers: [GoldenEventRelay, RelayLeaseRepository] })
export class EventsModule {}
