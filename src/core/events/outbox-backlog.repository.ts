import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GoldenOutboxRepository } from './golden-outbox.repository';

/** The outbox backlog, read at scrape time outside any transaction. */
@Injectable()
export class OutboxBacklogRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: GoldenOutboxRepository,
  ) {}

  outboxBacklog(): Promise<{ count: number; oldestAgeSeconds: number | null }> {
    return this.outbox.backlog(this.dataSource.manager);
  }
}
