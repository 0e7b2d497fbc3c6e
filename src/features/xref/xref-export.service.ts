import { Injectable } from '@nestjs/common';
import { PassThrough, Readable } from 'node:stream';
import { DomainException } from '../../platform/common/errors/domain.exception';
import { CONTENT_TYPES, ExportFormatter } from './export-format';
import { KnownEntityTypes } from './known-entity-types';
import { writeParquet } from './parquet-export';
import { XrefExportRepository } from './xref-export.repository';
import type { ExportQueryDto } from './xref-request.dto';

/**
 * Each export holds a pooled connection for as long as the client reads; capping them keeps
 * lookups served while a few engines pull the whole crosswalk.
 */
export const MAX_CONCURRENT_EXPORTS = 2;

export interface ExportOutput {
  contentType: string;
  body: Readable;
}

/** The crosswalk export: a snapshot (as of now or asOf) or a delta of membership changes (since). */
@Injectable()
export class XrefExportService {
  private running = 0;

  constructor(
    private readonly repository: XrefExportRepository,
    private readonly entityTypes: KnownEntityTypes,
  ) {}

  async open(query: ExportQueryDto): Promise<ExportOutput> {
    this.entityTypes.assertKnown([{ entityType: query.entityType, field: 'entityType' }]);
    if (
      query.since !== undefined &&
      query.asOf !== undefined &&
      Date.parse(query.since) >= Date.parse(query.asOf)
    ) {
      throw new DomainException('COMMON.VALIDATION_FAILED', 'request validation failed', [
        { field: 'since', reason: 'since must be earlier than asOf' },
      ]);
    }
    if (this.running >= MAX_CONCURRENT_EXPORTS) {
      throw new DomainException(
        'COMMON.UNAVAILABLE',
        `${MAX_CONCURRENT_EXPORTS} exports are running; retry later`,
        {
          retryAfterSeconds: 5,
        },
      );
    }
    this.running++;
    let rows: Readable;
    try {
      rows = await this.repository.open({
        entityType: query.entityType,
        asOf: query.asOf ?? null,
        since: query.since ?? null,
        after: query.cursor ?? null,
        limit: query.limit ?? null,
      });
    } catch (e) {
      this.running--;
      throw e;
    }
    const format = query.format ?? 'ndjson';
    const delta = query.since !== undefined;
    let body: Readable;
    if (format === 'parquet') {
      const file = new PassThrough();
      body = file;
      writeParquet(rows, file, {
        entityType: query.entityType,
        delta,
        rowGroupRows: query.rowGroupRows,
      }).catch((e: unknown) => body.destroy(e instanceof Error ? e : new Error(String(e))));
    } else {
      body = rows.pipe(new ExportFormatter(format, delta));
      // pipe() does not forward errors: a failed query must end the response, not leave it hanging.
      rows.once('error', (e) => body.destroy(e));
    }
    // The slot is held until the body closes: a Parquet export still writes its file after the rows are read.
    body.once('close', () => {
      rows.destroy();
      this.running--;
    });
    return { contentType: CONTENT_TYPES[format], body };
  }
}
