/**
 * What the ingestion benchmarks send and read back: synthetic change events produced to the
 * entity-changes topic (keyed `domain:entityType:sourceId`, as producers must), progress read from
 * the consumer group's committed offsets (committed only after the ingest transaction, so "lag 0"
 * means every golden event is in the outbox), and the run's final partition and accuracy.
 */
import { Admin, CompressionTypes, Kafka, Partitioners, Producer } from 'kafkajs';
import {
  pairwiseAccuracy,
  SyntheticDataset,
  type GeneratedEvent,
  type PairwiseAccuracy,
} from '../src/cli/generator';
import { partitionFingerprint, resolvedPartition } from '../src/cli/generator/resolved-partition';
import { Client } from 'pg';
import { DLQ_HEADERS } from '../src/core/ingestion/dead-letter';
import { consumerLag, log, percentile, sleep, sql, uniqueGroup, type Service } from './ingest-env';

const SEND_BATCH = 2000;

export function messageOf(event: GeneratedEvent): { key: string; value: string } {
  return { key: `${event.domain}:${event.entityType}:${event.sourceId}`, value: JSON.stringify(event) };
}

export async function connectProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  return producer;
}

/**
 * Sends `events` in requests of SEND_BATCH messages, two requests in flight; returns when the
 * broker acknowledged them all (acks = all).
 */
export async function produceAll(
  producer: Producer,
  topic: string,
  events: Iterable<GeneratedEvent>,
): Promise<number> {
  let sent = 0;
  let batch: Array<{ key: string; value: string }> = [];
  const inFlight: Array<Promise<unknown>> = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const messages = batch;
    batch = [];
    inFlight.push(producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages }));
    sent += messages.length;
    if (inFlight.length >= 2) await inFlight.shift();
  };
  for (const event of events) {
    batch.push(messageOf(event));
    if (batch.length >= SEND_BATCH) await flush();
  }
  await flush();
  await Promise.all(inFlight);
  return sent;
}

/** The first `records` upserts of the dataset, in arrival order. */
export function* upserts(dataset: SyntheticDataset, from: number, to: number): Generator<GeneratedEvent> {
  for (let p = from; p < to; p++) yield dataset.upsert(p);
}

/** What must hold while a bench waits for its events to be consumed. */
export interface ConsumeGuard {
  kafka: Kafka;
  /** The run's dead-letter topic: the service must refuse none of the bench's events. */
  dlq: string;
  services: Service[];
}

/**
 * Polls the group's lag until it is 0 (all `expected` messages ingested and committed). Returns
 * the instant the last commit was seen. Logs progress every 10 s. Fails at once when a service
 * exits, and (every 10 s and at the end) when the service dead-lettered any event: a rate
 * measured on refused events is a rate of nothing.
 */
export async function waitUntilConsumed(
  admin: Admin,
  groupId: string,
  topic: string,
  started: number,
  expected: number,
  timeoutMs: number,
  guard: ConsumeGuard,
): Promise<number> {
  let lastLog = Date.now();
  for (;;) {
    const lag = await consumerLag(admin, groupId, topic);
    const now = Date.now();
    const gone = guard.services.find((s) => s.exited() !== null);
    if (gone)
      throw new Error(
        `the service (pid ${gone.pid}) ended (${gone.exited()}) with ${lag} events still to consume; its output:\n` +
          gone.output().slice(-5000),
      );
    if (lag === 0) {
      await assertNoneRefused(admin, guard);
      return now;
    }
    if (now - lastLog >= 10_000) {
      lastLog = now;
      await assertNoneRefused(admin, guard);
      const done = expected - lag;
      // expected 0: waiting out a backlog of unknown size (between latency runs)
      log(
        expected > 0
          ? `  ${done} / ${expected} ingested, ${Math.round((done * 1000) / (now - started))}/s so far`
          : `  ${lag} still to consume`,
      );
    }
    if (now - started > timeoutMs)
      throw new Error(`still ${lag} messages behind after ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

/** Throws with the count and the first reason when the dead-letter topic holds any message. */
async function assertNoneRefused(admin: Admin, guard: ConsumeGuard): Promise<void> {
  const offsets = await admin.fetchTopicOffsets(guard.dlq);
  const refused = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  if (refused === 0) return;
  throw new Error(
    `the service refused ${refused} of the bench's events (dead-letter topic ${guard.dlq}); the first: ` +
      (await firstDeadLetter(guard.kafka, guard.dlq)),
  );
}

/** The reason headers of the dead-letter topic's first message. */
async function firstDeadLetter(kafka: Kafka, topic: string): Promise<string> {
  const consumer = kafka.consumer({ groupId: uniqueGroup('joinery-bench-dlq') });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => resolve('(not read within 30 s)'), 30_000);
      consumer
        .run({
          eachMessage: ({ message }) => {
            clearTimeout(timer);
            const header = (name: string) => message.headers?.[name]?.toString() ?? '?';
            resolve(`${header(DLQ_HEADERS.reason)}: ${header(DLQ_HEADERS.message)}`);
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}

/** Checks that every record is resolved and every golden entity has its events in the outbox. */
export async function verifyStore(
  url: string,
  expectedRecords: number,
): Promise<{ goldens: number; events: number }> {
  const [row] = await sql<{
    records: string;
    processed: string;
    orphans: string;
    goldens: string;
    events: string;
  }>(
    url,
    `SELECT (SELECT count(*) FROM resolution_records)::text AS records,
            (SELECT count(*) FROM processed_events)::text AS processed,
            (SELECT count(*) FROM resolution_records r
              WHERE NOT EXISTS (SELECT 1 FROM golden_outbox o WHERE o.golden_id = r.golden_id))::text AS orphans,
            (SELECT count(*) FROM golden_entities WHERE status = 'active')::text AS goldens,
            (SELECT count(*) FROM golden_outbox)::text AS events`,
  );
  if (Number(row.records) !== expectedRecords || Number(row.orphans) !== 0) {
    throw new Error(
      `store check failed: ${row.records} resolved records (expected ${expectedRecords}), ${row.processed} processed events, ` +
        `${row.orphans} records whose golden id has no event in the outbox`,
    );
  }
  return { goldens: Number(row.goldens), events: Number(row.events) };
}

/** Pairwise accuracy of the database's partition against the dataset's truth (first `records`). */
export async function accuracyOf(
  url: string,
  dataset: SyntheticDataset,
  records: number,
): Promise<PairwiseAccuracy> {
  const truth = new Map<string, string>();
  for (let p = 0; p < records; p++) truth.set(dataset.sourceKey(p), dataset.entityId(p));
  const predicted: Array<readonly [string, string]> = [];
  for await (const pair of resolvedPartition(url, [dataset.entityType])) predicted.push(pair);
  return pairwiseAccuracy(truth, predicted);
}

export { partitionFingerprint };

/** Waits until the relay has published every outbox row (so a latency probe does not queue behind a backlog). */
export async function waitForRelay(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ n }] = await sql<{ n: string }>(
      url,
      `SELECT count(*)::text AS n FROM golden_outbox WHERE published_at IS NULL`,
    );
    if (Number(n) === 0) return;
    if (Date.now() > deadline) throw new Error(`the relay still had ${n} unpublished golden events`);
    await sleep(500);
  }
}

export interface SearchLagResult {
  /** Age (ms) of the oldest golden change not yet in the search index, sampled during the load. */
  p50: number;
  p99: number;
  max: number;
  /** From the last ingest commit seen to the search index holding every event (ms). */
  caughtUpMs: number;
}

const UNINDEXED_AGE = `SELECT count(*)::int AS n,
       coalesce(extract(epoch FROM clock_timestamp() - min(queued_at)) * 1000, 0)::float8 AS age
  FROM golden_search_queue`;

/**
 * How far the search index (golden_search, kept by the service's search indexer) runs behind the
 * golden events: every 250 ms, the age of the oldest committed change it has not indexed yet, from
 * the moment its transaction appended it to the outbox (one of the transaction's last statements).
 */
export class SearchLag {
  private readonly samples: number[] = [];
  private readonly client: Client;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(url: string) {
    this.client = new Client({ connectionString: url, application_name: 'joinery-bench' });
    // A failing run drops its database under this connection: that must not crash the bench
    // before it reports why it failed.
    this.client.on('error', () => undefined);
  }

  /** Stops sampling and disconnects (a run that failed before stop()). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client.end().catch(() => undefined);
  }

  async start(): Promise<void> {
    await this.client.connect();
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      this.unindexed()
        .then((row) => this.samples.push(row.age))
        .catch(() => undefined)
        .finally(() => (this.busy = false));
    }, 250);
  }

  private async unindexed(): Promise<{ n: number; age: number }> {
    return (await this.client.query<{ n: number; age: number }>(UNINDEXED_AGE)).rows[0];
  }

  /** Stops sampling, then waits until the index holds every event (`since`: the last commit seen). */
  async stop(since: number, timeoutMs = 120_000): Promise<SearchLagResult> {
    if (this.timer) clearInterval(this.timer);
    while (this.busy) await sleep(10);
    try {
      for (;;) {
        const { n } = await this.unindexed();
        if (n === 0) break;
        if (Date.now() - since > timeoutMs)
          throw new Error(
            `the search index was still ${n} golden changes behind after ${timeoutMs / 1000} s`,
          );
        await sleep(50);
      }
    } finally {
      await this.client.end();
    }
    const caughtUpMs = Date.now() - since;
    const at = (p: number) => Math.round(this.samples.length > 0 ? percentile(this.samples, p) : 0);
    return { p50: at(50), p99: at(99), max: at(100), caughtUpMs };
  }
}
