/**
 * Latency of a single change under steady load: while a background producer sends updates of
 * stored records at a fixed rate, a probe (one new record) is produced every `probeEveryMs`, and
 * a consumer of the golden-changes topic notes when the first golden event naming the probe as a
 * member arrives. Latency = arrival − the moment before the probe's send: Kafka in, ingestion,
 * resolution, commit, the outbox relay, Kafka out.
 */
import { Kafka, Producer } from 'kafkajs';
import { loadavg } from 'node:os';
import type { SyntheticDataset } from '../src/cli/generator';
import { log, percentile, sleep, sql, uniqueGroup } from './ingest-env';
import { messageOf } from './ingest-workload';

export interface LatencyResult {
  probes: number;
  received: number;
  p50: number;
  p99: number;
  max: number;
  /** Background updates actually sent per second. */
  loadRate: number;
  /** Background updates, probes and REST writes sent. */
  sent: number;
  /** The machine's 1-minute load average at the end of the run. */
  loadAverage: number;
  /** Ingest transactions that committed events during the run, and the events they held (processed_events). */
  transactions: number;
  processed: number;
  eventsPerTransaction: number;
  /**
   * Medians of where a probe's time went (ms): produce → its ingest transaction began (Kafka,
   * queueing behind earlier chunks, waiting for locks before the ledger insert); transaction began →
   * its golden event marked published (the transaction, then the relay's pickup and send); marked →
   * received by the subscriber.
   */
  phases: { queued: number; resolvedAndRelayed: number; delivered: number } | null;
  /**
   * Writes over REST at the same time, one update of a stored record each, as often as the probes:
   * the time to the answer (the record resolved, its golden events in the outbox). REST writes do not queue behind the
   * consumer's batches; they wait only for the locks of the transactions in flight.
   */
  rest: { writes: number; failed: number; p50: number; p99: number; max: number; eventIds: string[] } | null;
}

export interface LatencyOptions {
  kafka: Kafka;
  producer: Producer;
  changesTopic: string;
  goldenTopic: string;
  dataset: SyntheticDataset;
  /** Records already stored: positions [0, stored) are updated. */
  stored: number;
  /** Probes are new records from this position on (after the stored ones and any earlier run's probes). */
  firstProbe: number;
  /**
   * The last version sent per updated position, shared by successive runs on one store: a second
   * run must send newer versions (a repeated version is a duplicate eventId, not an update).
   */
  versions: Map<number, number>;
  probes: number;
  loadRate: number;
  seconds: number;
  /** The database, to split each probe's latency into phases. */
  databaseUrl: string;
  /** The service's REST API, for the REST writes (none without it). */
  rest?: { baseUrl: string; headers: Record<string, string> };
}

/**
 * One update of a random stored record per `everyMs` through POST /v1/events until `running()` is
 * false; the answers' times. (Updates, not new records: the dataset holds only the stored records
 * and the probes, and a larger one would be another partition of the stored ones.)
 */
async function restWrites(
  o: LatencyOptions,
  everyMs: number,
  running: () => boolean,
): Promise<NonNullable<LatencyResult['rest']>> {
  const rest = o.rest!;
  const times: number[] = [];
  const eventIds: string[] = [];
  let failed = 0;
  let pick = 0x2545f491;
  while (running()) {
    pick = (Math.imul(pick, 1664525) + 1013904223) >>> 0;
    const event = update(o, pick % o.stored);
    eventIds.push(event.eventId);
    const sent = Date.now();
    const res = await fetch(`${rest.baseUrl}/v1/events`, {
      method: 'POST',
      headers: { ...rest.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [event] }),
    }).catch(() => null);
    const answered = Date.now();
    const body = (await res?.json().catch(() => null)) as { results?: Array<{ status?: string }> } | null;
    // A refused write is a bench failure, not a latency: counted, and the run says so. `stale` is an
    // answer: the background load happened to send a newer version of the same record first.
    const status = body?.results?.[0]?.status;
    if (res?.status === 200 && status !== undefined && status !== 'rejected') times.push(answered - sent);
    else failed++;
    const wait = sent + everyMs - Date.now();
    if (wait > 0) await sleep(wait);
  }
  return {
    writes: times.length,
    failed,
    p50: times.length ? percentile(times, 50) : NaN,
    p99: times.length ? percentile(times, 99) : NaN,
    max: times.length ? Math.max(...times) : NaN,
    eventIds,
  };
}

/** The next version of stored record `p` (versions are shared by every run on the store). */
function update(o: LatencyOptions, p: number): ReturnType<SyntheticDataset['upsert']> {
  const version = (o.versions.get(p) ?? 1) + 1;
  o.versions.set(p, version);
  return o.dataset.upsert(p, version, Date.UTC(2026, 6, 1) + version * 1_000_000 + p);
}

export async function measureLatency(o: LatencyOptions): Promise<LatencyResult> {
  const pending = new Map<string, number>(); // "domain\u0000sourceId" → send time
  const latencies: number[] = [];
  const probes = new Map<string, { sent: number; received?: number }>(); // eventId → times
  const consumer = o.kafka.consumer({ groupId: uniqueGroup('joinery-bench-golden'), maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topics: [o.goldenTopic], fromBeginning: false });
  const probeOf = new Map<string, { sent: number; received?: number }>();
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (pending.size === 0 || !message.value) return;
      const event = JSON.parse(message.value.toString()) as {
        members?: Array<{ domain: string; sourceId: string }>;
      };
      const now = Date.now();
      for (const m of event.members ?? []) {
        const key = `${m.domain}\u0000${m.sourceId}`;
        const sent = pending.get(key);
        if (sent === undefined) continue;
        pending.delete(key);
        latencies.push(now - sent);
        const probe = probeOf.get(key);
        if (probe) probe.received = now;
      }
      return Promise.resolve();
    },
  });
  await joined;
  await sleep(3000); // the first fetch resolves "latest"; probes before it could be missed

  // Background load: updates of random stored records, in a send every 100 ms.
  let running = true;
  let loadSent = 0;
  const loadStarted = Date.now();
  let pick = 0x9e3779b9;
  const load = (async () => {
    const perTick = Math.max(1, Math.round(o.loadRate / 10));
    for (let tick = 0; running; tick++) {
      const messages = [];
      for (let i = 0; i < perTick; i++) {
        pick = (Math.imul(pick, 1664525) + 1013904223) >>> 0;
        messages.push(messageOf(update(o, pick % o.stored)));
      }
      await o.producer.send({ topic: o.changesTopic, acks: -1, messages });
      loadSent += messages.length;
      const wait = loadStarted + (tick + 1) * 100 - Date.now();
      if (wait > 0) await sleep(wait);
    }
  })();

  const probeEveryMs = Math.max(20, Math.floor((o.seconds * 1000) / o.probes));
  await sleep(2000); // let the load reach its steady state
  let probing = true;
  // Settled at once: a failure is thrown after the probes, once the load and the consumer stopped, in
  // the bench's own flow (which stops the service), not as an unhandled rejection that kills the
  // bench and leaves its service running.
  const rest = o.rest
    ? restWrites(o, probeEveryMs, () => probing).then(
        (r) => ({ ok: true as const, r }),
        (error: unknown) => ({ ok: false as const, error }),
      )
    : null;
  for (let i = 0; i < o.probes; i++) {
    const p = o.firstProbe + i;
    const event = o.dataset.upsert(p);
    const sent = Date.now();
    const probe = { sent };
    pending.set(`${event.domain}\u0000${event.sourceId}`, sent);
    probeOf.set(`${event.domain}\u0000${event.sourceId}`, probe);
    probes.set(event.eventId, probe);
    await o.producer.send({ topic: o.changesTopic, acks: -1, messages: [messageOf(event)] });
    await sleep(probeEveryMs);
  }
  probing = false;
  const settled = rest ? await rest : null;
  const deadline = Date.now() + 30_000;
  while (settled?.ok !== false && pending.size > 0 && Date.now() < deadline) await sleep(100);
  running = false;
  await load;
  const loadRate = (loadSent * 1000) / (Date.now() - loadStarted);
  await consumer.disconnect();
  if (settled && !settled.ok) throw settled.error;
  const restResult = settled?.r ?? null;
  if (pending.size > 0) log(`  ${pending.size} of ${o.probes} probes got no golden event within 30 s`);
  const [tx] = await sql<{ events: string; transactions: string }>(
    o.databaseUrl,
    // processed_at is now(): the start of its transaction, so one value per ingest transaction. The
    // consumer's only: the REST writes are transactions of their own.
    `SELECT count(*)::text AS events, count(DISTINCT processed_at)::text AS transactions
       FROM processed_events WHERE processed_at >= $1 AND event_id <> ALL($2::text[])`,
    [new Date(loadStarted), restResult?.eventIds ?? []],
  );
  return {
    transactions: Number(tx.transactions),
    processed: Number(tx.events),
    eventsPerTransaction: Number(tx.events) / Math.max(1, Number(tx.transactions)),
    phases: await phasesOf(o.databaseUrl, probes),
    rest: restResult,
    probes: o.probes,
    received: latencies.length,
    p50: latencies.length ? percentile(latencies, 50) : NaN,
    p99: latencies.length ? percentile(latencies, 99) : NaN,
    max: latencies.length ? Math.max(...latencies) : NaN,
    loadRate,
    sent: loadSent + o.probes + (restResult?.eventIds.length ?? 0),
    loadAverage: loadavg()[0],
  };
}

/** Splits the probes' latencies using the ingest transaction's start (processed_at) and the relay's mark. */
async function phasesOf(
  url: string,
  probes: Map<string, { sent: number; received?: number }>,
): Promise<LatencyResult['phases']> {
  const rows = await sql<{ event_id: string; began: Date; published: Date | null }>(
    url,
    `SELECT p.event_id, p.processed_at AS began, min(o.published_at) AS published
       FROM processed_events p
       JOIN resolution_records r ON r.record_id = p.record_id
       JOIN golden_outbox o ON o.golden_id = r.golden_id AND o.created_at = p.processed_at
      WHERE p.event_id = ANY($1::text[])
      GROUP BY p.event_id, p.processed_at`,
    [[...probes.keys()]],
  );
  const queued: number[] = [];
  const relayed: number[] = [];
  const delivered: number[] = [];
  for (const r of rows) {
    const probe = probes.get(r.event_id);
    if (!probe?.received || !r.published) continue;
    queued.push(r.began.getTime() - probe.sent);
    relayed.push(r.published.getTime() - r.began.getTime());
    delivered.push(probe.received - r.published.getTime());
  }
  if (queued.length === 0) return null;
  return {
    queued: percentile(queued, 50),
    resolvedAndRelayed: percentile(relayed, 50),
    delivered: percentile(delivered, 50),
  };
}
