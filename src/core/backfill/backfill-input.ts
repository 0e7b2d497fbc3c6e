/**
 * The source-record side of a backfill: the events of a file folded into the rows the incremental
 * path would have written for them (source records, history, the idempotency ledger), without a
 * database round trip per batch. Pure apart from the record ids handed in.
 *
 * Arrival is emulated batch by batch (`batchSize`, the loader's `--batch`): within one batch the
 * incremental path inserts new records in key order (SourceRecordRepository.insertMissing,
 * `ORDER BY entity_type, domain, source_id COLLATE "C"`), so record ids, which decide ties in
 * clustering and which record is "oldest", come out exactly as `load` would give them. The batch a
 * record last changed in is kept too: the skew guard and survivorship depend on it.
 */
import type { ChangeEvent } from '../ingestion/change-event.dto';
import type { EventStatus } from '../ingestion/change-event.dto';
import { applyEvent, eventFingerprint, type RecordState } from '../ingestion/record-state';
import type { HistoryRow, ProcessedRow } from '../ingestion/source-record.repository';
import { keyOf } from '../ingestion/source-record.repository';

export interface FoldedRecord {
  domain: string;
  sourceId: string;
  state: RecordState;
  /** Arrival batches (0-based): the record's first event, its last applied change (resolution ran
   * then), and its last state write (an `unchanged` event rewrites the row too, as in ingestion). */
  createdBatch: number;
  batch: number;
  updatedBatch: number;
}

export interface FoldedInput {
  entityType: string;
  /** Every record the events created, in record-id order (deleted ones included: their row stays). */
  records: FoldedRecord[];
  /** History and ledger rows in arrival order, pointing at their record until ids are assigned. */
  history: Array<Omit<HistoryRow, 'recordId'> & { record: FoldedRecord }>;
  processed: Array<Omit<ProcessedRow, 'recordId'> & { record: FoldedRecord }>;
  batches: number;
  counts: Record<Exclude<EventStatus, 'rejected'>, number>;
  /** Events whose eventId an earlier event took with other content (ingestion refuses them: EVENT_ID_CONFLICT). */
  conflicts: number;
}

const EMPTY_STATE: Omit<RecordState, 'recordId'> = {
  exists: false,
  deleted: true,
  version: null,
  occurredAtUs: 0n,
  occurredAt: '',
  attributes: {},
  references: [],
  lastEventId: '',
};

/** C collation (byte order) for the ASCII keys sources use; code-unit order beyond that. */
const byteOrder = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/**
 * Folds validated events of one entity type, in file order, into final record states, ordered as
 * their ids will be; `assignIds` then gives them the ids reserved from the sequence.
 */
export function foldEvents(
  entityType: string,
  events: Iterable<ChangeEvent>,
  batchSize: number,
): FoldedInput {
  const byKey = new Map<string, FoldedRecord>();
  const records: FoldedRecord[] = [];
  const history: FoldedInput['history'] = [];
  const processed: FoldedInput['processed'] = [];
  const seen = new Map<string, string>();
  let conflicts = 0;
  const counts = { applied: 0, duplicate: 0, stale: 0, unchanged: 0 };
  let batch = 0;
  let inBatch = 0;
  let fresh: FoldedRecord[] = [];
  const closeBatch = (): void => {
    // New records of a batch get ids in key order, after every earlier batch's.
    fresh.sort((x, y) => byteOrder(x.domain, y.domain) || byteOrder(x.sourceId, y.sourceId));
    records.push(...fresh);
    fresh = [];
    batch++;
    inBatch = 0;
  };
  for (const event of events) {
    if (event.entityType !== entityType)
      throw new Error(`event ${event.eventId} is a ${event.entityType}, not a ${entityType}`);
    if (inBatch === batchSize) closeBatch();
    inBatch++;
    const fingerprint = eventFingerprint(event);
    const prior = seen.get(event.eventId);
    if (prior !== undefined) {
      if (prior === fingerprint) counts.duplicate++;
      else conflicts++;
      continue;
    }
    seen.set(event.eventId, fingerprint);
    const key = keyOf(event);
    let record = byKey.get(key);
    if (!record) {
      record = {
        domain: event.domain,
        sourceId: event.sourceId,
        state: { recordId: '', ...EMPTY_STATE },
        createdBatch: batch,
        batch,
        updatedBatch: batch,
      };
      byKey.set(key, record);
      fresh.push(record);
    }
    const { outcome, next } = applyEvent(record.state, event);
    counts[outcome]++;
    processed.push({ eventId: event.eventId, outcome, record, fingerprint });
    if (outcome === 'stale') continue;
    record.state = next;
    record.updatedBatch = batch;
    if (outcome !== 'applied') continue;
    record.batch = batch;
    history.push({
      record,
      eventId: event.eventId,
      op: event.op,
      version: event.version,
      occurredAt: event.occurredAt,
      attributes: event.attributes,
      references: event.op === 'upsert' ? event.references : null,
    });
  }
  closeBatch();
  return { entityType, records, history, processed, batches: batch, counts, conflicts };
}

/** Gives every record its reserved id (`ids` ascending, one per record). */
export function assignIds(input: FoldedInput, ids: string[]): void {
  if (ids.length !== input.records.length) throw new Error('one reserved id per record');
  input.records.forEach((r, i) => (r.state.recordId = ids[i]));
}

/** The history rows, with record ids (after assignIds). */
export function historyRows(input: FoldedInput): HistoryRow[] {
  return input.history.map(({ record, ...row }) => ({ ...row, recordId: record.state.recordId }));
}

/** The idempotency-ledger rows, with record ids (after assignIds). */
export function processedRows(input: FoldedInput): ProcessedRow[] {
  return input.processed.map(({ record, ...row }) => ({ ...row, recordId: record.state.recordId }));
}
