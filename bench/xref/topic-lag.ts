/**
 * bench:crosswalk's lag of the compacted xref topic behind the store: the service (built, a child
 * process, with Kafka) takes crosswalk changes over REST at each asked rate in turn (half new
 * records, half deletes of records created half a second before), on a store that may already
 * hold records (loaded in SQL, then seeded onto the topic by the relay before the run).
 * Per upsert, the message's arrival at a subscriber is measured from two instants, which bound
 * the lag from the commit (not observable from outside) on either side:
 * - its `linkedAt`: the change's transaction time, its start (an upper bound: the ingest
 *   transaction is included);
 * - the HTTP response that carried the change, sent after the commit (a lower bound; negative
 *   when the relay published before the client got the answer).
 */
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { percentile } from '../ingest-env';
import { startService } from './service';

export interface LagOptions {
  url: string;
  brokers: string;
  apiKey: string;
  rates: number[];
  seconds: number;
}

interface Phase {
  rate: number;
  sent: number;
  elapsed: number;
  /** Per upsert sourceId: when the response carrying it came, and when its message arrived. */
  answered: Map<string, number>;
  arrived: Map<string, { at: number; linkedAt: string }>;
  backlogMax: number;
}

const ms = (sorted: number[], p: number): string => `${percentile(sorted, p)}`;

export async function topicLag(o: LagOptions): Promise<string[]> {
  const run = `${process.pid}`;
  const topic = `joinery.bench.xref.${run}`;
  const service = await startService(o.url, {
    ADMIN_API_KEY: o.apiKey,
    KAFKA_BROKERS: o.brokers,
    KAFKA_TOPIC_XREF: topic,
    KAFKA_TOPIC_GOLDEN_CHANGES: `joinery.bench.golden.${run}`,
    KAFKA_TOPIC_ENTITY_CHANGES: `joinery.bench.changes.${run}`,
    KAFKA_TOPIC_DLQ: `joinery.bench.changes.${run}.dlq`,
    KAFKA_GROUP_ID: `joinery-bench-${run}`,
  });
  const kafka = new Kafka({
    clientId: 'joinery-bench',
    brokers: o.brokers.split(','),
    logLevel: logLevel.ERROR,
  });
  const admin = kafka.admin();
  const consumer = kafka.consumer({ groupId: `joinery-bench-xref-${run}`, maxWaitTimeInMs: 20 });
  const db = new Client({ connectionString: o.url });
  await db.connect();
  const lines: string[] = [];
  let phase: Phase | undefined;
  try {
    // The relay seeds a new topic with the stored crosswalk first; the run starts after it.
    const seedStarted = Date.now();
    for (;;) {
      const seeded = await db.query(`SELECT 1 FROM xref_topic_seeds WHERE topic = $1`, [topic]);
      if (seeded.rowCount) break;
      if (Date.now() - seedStarted > 30 * 60_000) throw new Error('the topic was not seeded within 30 min');
      await new Promise((r) => setTimeout(r, 500));
    }
    lines.push(
      `topic seeded with the stored crosswalk in ${((Date.now() - seedStarted) / 1000).toFixed(0)} s`,
    );
    // Subscribed after the seed, from the end: the seed's messages are not the run's.
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: false });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (!message.value || !phase) return; // a tombstone carries no time; its change is measured by its pair
        const v = JSON.parse(message.value.toString()) as {
          linkedAt: string;
          domain: string;
          sourceId: string;
        };
        if (v.domain === 'lag') phase.arrived.set(v.sourceId, { at: Date.now(), linkedAt: v.linkedAt });
      },
    });
    await joined;
    await new Promise((r) => setTimeout(r, 2000)); // the fetch offsets, resolved after the join
    for (const rate of o.rates) {
      phase = { rate, sent: 0, elapsed: 0, answered: new Map(), arrived: new Map(), backlogMax: 0 };
      await load(service.baseUrl, o, phase, db);
      lines.push(report(phase));
    }
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await db.end();
    await service.stop();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
  return lines;
}

/** Every 100 ms, one request of rate/10 changes; at most 4 requests in flight (a slow service slows the load). */
async function load(baseUrl: string, o: LagOptions, phase: Phase, db: Client): Promise<void> {
  const sampler = setInterval(() => {
    void db
      .query<{ n: string }>(`SELECT count(*)::text AS n FROM golden_outbox WHERE published_at IS NULL`)
      .then((r) => (phase.backlogMax = Math.max(phase.backlogMax, Number(r.rows[0].n))));
  }, 100);
  const perTick = Math.max(2, Math.round(phase.rate / 10));
  const id = (n: number): string => `L-${phase.rate}-${n}`;
  const started = Date.now();
  let tick = 0;
  const inFlight = new Set<Promise<void>>();
  while (Date.now() - started < o.seconds * 1000) {
    const events = Array.from({ length: perTick }, (_, i) => {
      const n = tick * perTick + i;
      const del = i % 2 === 1 && tick >= 5;
      const target = del ? (tick - 5) * perTick + i - 1 : n;
      return {
        eventId: `lag-${process.pid}-${phase.rate}-${n}`,
        domain: 'lag',
        entityType: 'person',
        sourceId: id(target),
        op: del ? 'delete' : 'upsert',
        occurredAt: new Date().toISOString(),
        ...(!del && { attributes: { name: `Lag Person ${phase.rate} ${target}` } }),
      };
    });
    const request = fetch(`${baseUrl}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${o.apiKey}` },
      body: JSON.stringify({ events }),
    }).then(async (res) => {
      if (res.status !== 200) throw new Error(`POST /v1/events answered ${res.status}: ${await res.text()}`);
      const at = Date.now();
      for (const e of events) if (e.op === 'upsert') phase.answered.set(e.sourceId, at);
      phase.sent += events.length;
    });
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
    if (inFlight.size >= 4) await Promise.race(inFlight);
    tick++;
    await new Promise((r) => setTimeout(r, Math.max(0, started + tick * 100 - Date.now())));
  }
  await Promise.all(inFlight);
  phase.elapsed = (Date.now() - started) / 1000;
  const deadline = Date.now() + 60_000;
  while (phase.arrived.size < phase.answered.size && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  clearInterval(sampler);
}

function report(p: Phase): string {
  const fromTx: number[] = [];
  const fromAnswer: number[] = [];
  for (const [sourceId, { at, linkedAt }] of p.arrived) {
    fromTx.push(at - Date.parse(linkedAt));
    const answered = p.answered.get(sourceId);
    if (answered !== undefined) fromAnswer.push(at - answered);
  }
  fromTx.sort((a, b) => a - b);
  fromAnswer.sort((a, b) => a - b);
  return (
    `xref topic lag at ${Math.round(p.sent / p.elapsed).toLocaleString('en')} changes/s over ${p.elapsed.toFixed(0)} s ` +
    `(offered ${p.rate}/s): ${fromTx.length.toLocaleString('en')} of ${p.answered.size.toLocaleString('en')} messages; ` +
    `from the transaction p50 ${ms(fromTx, 50)} ms, p99 ${ms(fromTx, 99)} ms; ` +
    `from the response p50 ${ms(fromAnswer, 50)} ms, p99 ${ms(fromAnswer, 99)} ms; relay backlog at most ${p.backlogMax} rows`
  );
}
