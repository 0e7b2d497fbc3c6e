import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { IngestEventsResponseDto, summarize } from './change-event.dto';
import { eventBatchItems } from './event-batch';
import { IngestionService } from './ingestion.service';
import { RequireRole } from '../../platform/common/http/roles';
import { AcceptsBody } from '../../platform/common/http/body.guard';

@Controller('v1/events')
@RequireRole('ingest')
export class IngestionController {
  constructor(private readonly ingestion: IngestionService) {}

  /** Synchronous ingestion: one result per event, in request order (openapi.yaml, ingestEvents). */
  @Post()
  @AcceptsBody({ limit: 'events' })
  @HttpCode(200)
  async ingest(@Body() body: unknown): Promise<IngestEventsResponseDto> {
    const results = await this.ingestion.ingestUntrusted(eventBatchItems(body));
    return { results, summary: summarize(results) };
  }
}
