import { ChangeEvent, EventResult } from './change-event.dto';
import { EVENT_LIMITS } from './change-event.rules';
import { deadLetterDecision } from './dead-letter.mapper';

type Ingest = (events: ChangeEvent[]) => Promise<EventResult[]>;

/** kafkajs's default `maxBytesPerPartition`: the most one partition's fetch hands over. */
const MAX_GROUP_BYTES = 1024 * 1024;

interface Submission {
  events: ChangeEvent[];
  bytes: number;
  resolve: (results: EventResult[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the change-event consumer (docs/operations.md, "Latency under load").
 *
 * kafkajs fetches every assigned partition at once and fetches again only when all of that fetch's
 * batches are done, so a change waits for the whole round ahead of it. With one transaction per
 * partition chunk, a round at a steady 1,000 updates/s was six small transactions, each paying the
 * fixed cost of a transaction (~35 statements) and, in resolution, waiting for the others' bucket
 * locks: most of a change's latency was that queue, not its own work. Here the chunks that wait at
 * the same time (every partition's, when the backlog is small) are ingested together, as ONE call
 * of at most `maxEvents` events, so a round costs one transaction. When the backlog is large the
 * chunks are full (1,000 events each) and go one per transaction as before.
 *
 * A group is also bounded by the messages' bytes (`maxBytes`, one full kafkajs fetch of a partition):
 * a transaction's memory grows with what its events carry, and combining three 1 MB chunks of large
 * events grew the service by more than the backlog it held back (the slow-consumer drill). Chunks
 * that large mean a backlog, where combining does not shorten any wait.
 *
 * What stays true: a submission is never split (its partition commits its offsets only after the
 * transaction that holds all of its events committed); a partition has one submission at a time, in
 * offset order, so one record's events keep their order; at most `concurrency` transactions run at
 * once (the pool stays free for REST). A transient failure fails every submission of the group (each
 * retries on its own); a permanent one of a combined group is attributed by ingesting each submission
 * alone, so one partition's poison event is narrowed down within its own partition, never another's.
 */
export class IngestCombiner {
  private readonly queue: Submission[] = [];
  private running = 0;
  private scheduled = false;

  /** `combine` false: one submission per transaction (no group commit), the same bounds otherwise. */
  constructor(
    private readonly ingest: Ingest,
    private readonly concurrency: number,
    private readonly combine = true,
    private readonly maxEvents: number = EVENT_LIMITS.maxBatchEvents,
    private readonly maxBytes: number = MAX_GROUP_BYTES,
  ) {}

  /**
   * Ingests `events` (at most `maxEvents`; `bytes` their messages' size) together with whatever else
   * waits; one result per event, in order.
   */
  submit(events: ChangeEvent[], bytes = 0): Promise<EventResult[]> {
    if (events.length === 0) return Promise.resolve([]);
    if (events.length > this.maxEvents)
      return Promise.reject(new Error(`a submission of ${events.length} events is over ${this.maxEvents}`));
    return new Promise((resolve, reject) => {
      this.queue.push({ events, bytes, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Dispatches on the next turn of the event loop: the other partitions' chunks of the same fetch are
   * submitted in this turn (kafkajs hands a fetch's batches to its workers at once), so they join.
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const group = this.take();
      this.running++;
      void this.run(group).finally(() => {
        this.running--;
        this.schedule();
      });
    }
  }

  /** The oldest submissions, in order, while they fit in one transaction. */
  private take(): Submission[] {
    const group = [this.queue.shift()!];
    let size = group[0].events.length;
    let bytes = group[0].bytes;
    const fits = (next: Submission) =>
      size + next.events.length <= this.maxEvents && bytes + next.bytes <= this.maxBytes;
    while (this.combine && this.queue.length > 0 && fits(this.queue[0])) {
      const next = this.queue.shift()!;
      size += next.events.length;
      bytes += next.bytes;
      group.push(next);
    }
    return group;
  }

  private async run(group: Submission[]): Promise<void> {
    try {
      const results = await this.ingest(group.flatMap((s) => s.events));
      let at = 0;
      for (const s of group) {
        s.resolve(results.slice(at, at + s.events.length));
        at += s.events.length;
      }
    } catch (e) {
      if (group.length === 1 || deadLetterDecision(e).action === 'retry') {
        for (const s of group) s.reject(e);
        return;
      }
      for (const s of group) await this.ingest(s.events).then(s.resolve, s.reject);
    }
  }
}
