import { statSync } from 'node:fs';
import { ChangeEvent, EventResult, EventStatus, summarize } from '../../core/ingestion/change-event.dto';
import { ChangeEventValidator } from '../../core/ingestion/change-event.validator';
import { IngestionService } from '../../core/ingestion/ingestion.service';
import { formatRate, Progress, ProgressOutput } from './progress';
import { RowMapping, rowToEvent } from './row-event';
import { ByteCounter, readRows, RowFormat } from './row-source';

export interface LoadOptions extends RowMapping {
  file: string;
  format: RowFormat;
  delimiter: string;
  batchSize: number;
}

export interface LoadReport {
  rows: number;
  seconds: number;
  counts: Record<EventStatus, number>;
  /** The first few refused rows, with their line numbers and reasons. */
  rejections: string[];
}

const MAX_REPORTED_REJECTIONS = 10;

/**
 * The bulk loader: rows become upsert events, validated by the shared validator and ingested in
 * batches through the same IngestionService as REST and Kafka (one transaction per batch).
 */
export class BulkLoader {
  constructor(
    private readonly ingestion: IngestionService,
    private readonly validator: ChangeEventValidator,
    private readonly progressOut: ProgressOutput,
  ) {}

  async load(o: LoadOptions): Promise<LoadReport> {
    const counter = new ByteCounter();
    const progress = new Progress(this.progressOut, statSync(o.file).size);
    const started = Date.now();
    const results: EventResult[] = [];
    const rejections: string[] = [];
    const reject = (line: number, reason: string): void => {
      results.push({ eventId: null, status: 'rejected' });
      if (rejections.length < MAX_REPORTED_REJECTIONS) rejections.push(`line ${line}: ${reason}`);
    };
    let batch: ChangeEvent[] = [];
    let rows = 0;
    const flush = async (): Promise<void> => {
      if (batch.length > 0) results.push(...(await this.ingestion.ingest(batch)));
      batch = [];
      progress.update(rows, counter.bytes);
    };

    for await (const item of validatedRows(o, this.validator, counter)) {
      rows++;
      if ('error' in item) {
        reject(item.line, item.error);
        continue;
      }
      batch.push(item.event);
      if (batch.length >= o.batchSize) await flush();
    }
    await flush();
    progress.done();
    return { rows, seconds: (Date.now() - started) / 1000, counts: summarize(results), rejections };
  }
}

/**
 * The file's rows as validated upsert events (the shared validator judges each like a REST item),
 * or why a row was refused, with its line number. `load` and `backfill` read their input here.
 */
export async function* validatedRows(
  o: LoadOptions,
  validator: ChangeEventValidator,
  counter = new ByteCounter(),
): AsyncGenerator<{ line: number; event: ChangeEvent } | { line: number; error: string }> {
  for await (const item of readRows(o.file, o.format, counter, o.delimiter)) {
    if ('error' in item) {
      yield item;
      continue;
    }
    const v = validator.validate(rowToEvent(item.row, o));
    if (v.ok) yield { line: item.line, event: v.event };
    else
      yield {
        line: item.line,
        error: v.error.problems
          .map((p) => `${p.field === 'sourceId' ? o.idColumn : p.field}: ${p.reason}`)
          .join('; '),
      };
  }
}

export function describeReport(file: string, r: LoadReport): string {
  const c = r.counts;
  return [
    `loaded ${r.rows.toLocaleString('en')} rows from ${file} in ${r.seconds.toFixed(1)} s (${formatRate(r.rows / Math.max(r.seconds, 0.001))} rows/s)`,
    `  applied ${c.applied}, unchanged ${c.unchanged}, duplicate ${c.duplicate}, stale ${c.stale}, rejected ${c.rejected}`,
    ...r.rejections.map((x) => `  rejected ${x}`),
    ...(c.rejected > r.rejections.length
      ? [`  ... and ${c.rejected - r.rejections.length} more rejected rows`]
      : []),
  ].join('\n');
}
