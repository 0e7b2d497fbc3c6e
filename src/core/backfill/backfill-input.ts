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
 * hands them out a chunk of batches at a time (`take`) so only the open chunk's states, keys and
 * eventIds sit in memory; what stays per record is its arrival batches. What earlier chunks gave
 * out is in the store: before each batch the service looks up there the eventIds and records the
 * open chunk does not know (`unknownIn`), restores those records (`restore`) and hands the eventIds
 * found to `addBatch`: duplicates and conflicts are recognised across the whole input and against
 * the idempotency ledger, as ingestion does.
 */
export class InputFolder {
  /** The open chunk's records by key. */
  private known = new Map<string, FoldedRecord>();
  /** The open chunk's eventIds and their fingerprints. */
  private seen = new Map<string, string>();
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
  /** Records given out by `take` so far. */
  given = 0;

  constructor(readonly entityType: string) {}

  /** The eventIds and records of `events` the open chunk does not know: earlier chunks may hold them. */
  unknownIn(events: readonly ChangeEvent[]): {
    eventIds: string[];
    records: Array<{ domain: string; sourceId: string }>;
  } {
    const eventIds = new Set<string>();
    const records = new Map<string, { domain: string; sourceId: string }>();
    for (const { eventId, domain, sourceId } of events) {
      if (!this.seen.has(eventId)) eventIds.add(eventId);
      const key = keyWithin(domain, sourceId);
      if (this.given > 0 && !this.known.has(key)) records.set(key, { domain, sourceId });
    }
    return { eventIds: [...eventIds], records: [...records.values()] };
  }

  /** Takes a record an earlier chunk gave out (its `index`) back into the open chunk, with its state as stored. */
  restore(domain: string, sourceId: string, state: RecordState, index: number): void {
    if (!(index >= 0 && index < this.given))
      throw new Error(`record ${state.recordId} is not this backfill's`);
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
    this.known.set(keyWithin(domain, sourceId), record);
    this.chunk.changed.push(record);
  }

  /**
   * Applies one arrival batch's events, as ingestion applies them one after the other, and closes
   * it. `earlier`: the fingerprints of the eventIds among them that earlier chunks took.
   */
  addBatch(events: Iterable<ChangeEvent>, earlier: ReadonlyMap<string, string | null> = new Map()): void {
    for (const event of events) this.add(event, earlier);
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

  /** Gives out the open chunk: its records leave memory, only their arrival batches stay. */
  take(): FoldedChunk {
    const chunk = this.chunk;
    for (const r of [...chunk.created, ...chunk.changed]) {
      this.createdOf[r.index] = r.createdBatch;
      this.batchOf[r.index] = r.batch;
      this.updatedOf[r.index] = r.updatedBatch;
    }
    this.given = this.records;
    this.chunk = emptyChunk();
    this.known = new Map();
    this.seen = new Map();
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

  /** The arrival batch of a record's last applied change. */
  batchOfRecord(index: number): number {
    return this.batchOf[index];
  }

  private add(event: ChangeEvent, earlier: ReadonlyMap<string, string | null>): void {
    if (event.entityType !== this.entityType)
      throw new Error(`event ${event.eventId} is a ${event.entityType}, not a ${this.entityType}`);
    const fingerprint = eventFingerprint(event);
    const prior = this.seen.has(event.eventId) ? this.seen.get(event.eventId) : earlier.get(event.eventId);
    if (prior !== undefined) {
      // Ledger rows from before fingerprints were kept (null) cannot tell: they stay duplicates.
      if (prior === null || prior === fingerprint) this.counts.duplicate++;
      else this.conflicts++;
      return;
    }
    this.seen.set(event.eventId, fingerprint);
    const key = keyWithin(event.domain, event.sourceId);
    let record = this.known.get(key);
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
