/**
 * The source-record side of a backfill: the events of a file folded into the rows the incremental
 * path would have written for them (source records, history, the idempotency ledger), without a
 * database round trip per batch (only a record changed again after its chunk was written is read
 * back). Pure: the service reads and writes the store.
 *
 * Arrival is emulated batch by batch (`batchSize`, the loader's `--batch`): within one batch the
 * incremental path inserts new records in key order (SourceRecordRepository.insertMissing,
 * `ORDER BY entity_type, domain, source_id COLLATE "C"`), so record ids, which decide ties in
 * clustering and which record is "oldest", come out exactly as `load` would give them. The batch a
 * record last changed in is kept too: the skew guard and survivorship depend on it.
 */
import type { ChangeEvent } from '../ingestion/change-event.dto';
import { applyEvent, eventFingerprint, type RecordState } from '../ingestion/record-state';
import type { HistoryRow, ProcessedRow } from '../ingestion/source-record.repository';

export interface FoldedRecord {
  /** Position in record-id order, given when its arrival batch closes. */
  index: number;
  domain: string;
  sourceId: string;
  state: RecordState;
  /** Arrival batches (0-based): the record's first event, its last applied change (resolution ran
   * then), and its last state write (an `unchanged` event rewrites the row too, as in ingestion). */
  createdBatch: number;
  batch: number;
  updatedBatch: number;
  /** Written by an earlier chunk and changed again in this one: its rows are rewritten. */
  stored: boolean;
}

/** What the events of a run of whole batches gave, in the order the store numbers records. */
export interface FoldedChunk {
  /** Records first seen in these batches, in record-id order (ids not assigned yet). */
  created: FoldedRecord[];
  /** Records of earlier chunks that these batches changed (their state restored from the store first). */
  changed: FoldedRecord[];
  /** History and ledger rows in arrival order, pointing at their record until ids are assigned. */
  history: Array<Omit<HistoryRow, 'recordId'> & { record: FoldedRecord }>;
  processed: Array<Omit<ProcessedRow, 'recordId'> & { record: FoldedRecord }>;
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

/** A record's key within one entity type (control characters never occur in domains). */
const keyWithin = (domain: string, sourceId: string): string => `${domain}\u0000${sourceId}`;

const emptyChunk = (): FoldedChunk => ({ created: [], changed: [], history: [], processed: [] });

/**
 * Folds validated events of one entity type, batch by batch in file order, into record states, and
 * hands them out a chunk of batches at a time (`take`) so only the open chunk's states sit in
 * memory. What stays per record is its key, its arrival batches and every eventId's fingerprint
 * (duplicates and conflicts are recognised across the whole input). A later event for a record an
 * earlier chunk gave out needs that record's state back first (`storedAmong`, `restore`).
 */
export class InputFolder {
  /** Record key → its record while its chunk is open, else its index. */
  private readonly known = new Map<string, FoldedRecord | number>();
  private readonly seen = new Map<string, string>();
  private readonly createdOf: number[] = [];
  private readonly batchOf: number[] = [];
  private readonly updatedOf: number[] = [];
  private chunk = emptyChunk();
  private fresh: FoldedRecord[] = [];
  readonly counts = { applied: 0, duplicate: 0, stale: 0, unchanged: 0 };
  /** Events whose eventId an earlier event took with other content (ingestion refuses them: EVENT_ID_CONFLICT). */
  conflicts = 0;
  /** Batches closed so far. */
  batches = 0;
  /** Records numbered so far. */
  records = 0;

  constructor(readonly entityType: string) {}

  /** Records of `events` that an earlier chunk gave out: their states must be restored before `addBatch`. */
  storedAmong(events: readonly ChangeEvent[]): Array<{ domain: string; sourceId: string; index: number }> {
    const out = new Map<number, { domain: string; sourceId: string; index: number }>();
    for (const { domain, sourceId } of events) {
      const index = this.known.get(keyWithin(domain, sourceId));
      if (typeof index === 'number') out.set(index, { domain, sourceId, index });
    }
    return [...out.values()];
  }

  /** Takes a record given out earlier back into the open chunk, with its state as stored. */
  restore(domain: string, sourceId: string, state: RecordState): void {
    const key = keyWithin(domain, sourceId);
    const index = this.known.get(key);
    if (typeof index !== 'number') throw new Error(`${key} is not a stored record of this backfill`);
    const record: FoldedRecord = {
      index,
      domain,
      sourceId,
      state,
      createdBatch: this.createdOf[index],
      batch: this.batchOf[index],
      updatedBatch: this.updatedOf[index],
      stored: true,
    };
    this.known.set(key, record);
    this.chunk.changed.push(record);
  }

  /** Applies one arrival batch's events, as ingestion applies them one after the other, and closes it. */
  addBatch(events: Iterable<ChangeEvent>): void {
    for (const event of events) this.add(event);
    // New records of a batch get ids in key order, after every earlier batch's.
    this.fresh.sort((x, y) => byteOrder(x.domain, y.domain) || byteOrder(x.sourceId, y.sourceId));
    for (const record of this.fresh) record.index = this.records++;
    this.chunk.created.push(...this.fresh);
    this.fresh = [];
    this.batches++;
  }

  /** Records in the open chunk (created or changed). */
  get open(): number {
    return this.chunk.created.length + this.chunk.changed.length;
  }

  /** Gives out the open chunk: its records leave memory, only their index and batches stay. */
  take(): FoldedChunk {
    const chunk = this.chunk;
    for (const r of [...chunk.created, ...chunk.changed]) {
      this.createdOf[r.index] = r.createdBatch;
      this.batchOf[r.index] = r.batch;
      this.updatedOf[r.index] = r.updatedBatch;
      this.known.set(keyWithin(r.domain, r.sourceId), r.index);
    }
    this.chunk = emptyChunk();
    return chunk;
  }

  /** Arrival batches of a record given out: first event, last applied change, last state write. */
  batchesOf(index: number): { createdBatch: number; batch: number; updatedBatch: number } {
    return {
      createdBatch: this.createdOf[index],
      batch: this.batchOf[index],
      updatedBatch: this.updatedOf[index],
    };
  }

  private add(event: ChangeEvent): void {
    if (event.entityType !== this.entityType)
      throw new Error(`event ${event.eventId} is a ${event.entityType}, not a ${this.entityType}`);
    const fingerprint = eventFingerprint(event);
    const prior = this.seen.get(event.eventId);
    if (prior !== undefined) {
      if (prior === fingerprint) this.counts.duplicate++;
      else this.conflicts++;
      return;
    }
    this.seen.set(event.eventId, fingerprint);
    const key = keyWithin(event.domain, event.sourceId);
    let record = this.known.get(key);
    if (typeof record === 'number') throw new Error(`restore ${key} before its next event`);
    if (!record) {
      const batch = this.batches;
      record = {
        index: -1,
        domain: event.domain,
        sourceId: event.sourceId,
        state: { recordId: '', ...EMPTY_STATE },
        createdBatch: batch,
        batch,
        updatedBatch: batch,
        stored: false,
      };
      this.known.set(key, record);
      this.fresh.push(record);
    }
    const { outcome, next } = applyEvent(record.state, event);
    this.counts[outcome]++;
    this.chunk.processed.push({ eventId: event.eventId, outcome, record, fingerprint });
    if (outcome === 'stale') return;
    record.state = next;
    record.updatedBatch = this.batches;
    if (outcome !== 'applied') return;
    record.batch = this.batches;
    this.chunk.history.push({
      record,
      eventId: event.eventId,
      op: event.op,
      version: event.version,
      occurredAt: event.occurredAt,
      attributes: event.attributes,
      references: event.op === 'upsert' ? event.references : null,
    });
  }
}

/** The history rows, with record ids (once the chunk's records have theirs). */
export function historyRows(chunk: FoldedChunk): HistoryRow[] {
  return chunk.history.map(({ record, ...row }) => ({ ...row, recordId: record.state.recordId }));
}

/** The idempotency-ledger rows, with record ids (once the chunk's records have theirs). */
export function processedRows(chunk: FoldedChunk): ProcessedRow[] {
  return chunk.processed.map(({ record, ...row }) => ({ ...row, recordId: record.state.recordId }));
}
