/**
 * bench:crosswalk's lag of the compacted xref topic behind the store: the bench produces crosswalk
 * changes to the service's entity-changes topic (its main ingest path, keyed
 * `domain:entityType:sourceId`) at each asked rate in turn (half new records, half deletes of
 * records whose message has arrived), on a store that may already hold records (loaded in SQL,
 * then seeded onto the topic by the relay before the run). REST (`POST /v1/events`) was the first
 * driver: a request round trip each, it could not offer 1,000 changes/s on this loaded machine.
 * Per upsert, the message's arrival at a subscriber is measured from two instants:
 * - its `linkedAt`: the change's transaction time, its start (the ingest transaction is included);
 * - the moment the bench produced it (so the consumer's fetch, the queue in front of the ingest
 *   transaction and the transaction itself are included: the lag a producer sees).
 * The service's CPU and its PostgreSQL backends' are read from /proc over each phase.
 */
import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { consumerLag, cpuSeconds, PARTITIONS, percentile, PostgresCpu } from '../ingest-env';
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
  /** Seconds producing, and from the first produce until every upsert's message arrived. */
  elapsed: number;
  drained: number;
  /** Per upsert sourceId: when it was produced, and when its message arrived. */
  produced: Map<string, number>;
  arrived: Map<string, { at: number; linkedAt: string }>;
  /** Records whose message arrived and that are not deleted yet, oldest first. */
  deletable: string[];
  /** Most unpublished outbox rows (the relay's backlog) and unconsumed change events seen. */
  backlogMax: number;
  ingestBacklogMax: number;
  cpuService: number;
  cpuPostgres: number;
  load: number[];
}

const ms = (sorted: number[], p: number): string => `${percentile(sorted, p)}`;

export async function topicLag(o: LagOptions): Promise<string[]> {
  const run = `${process.pid}`;
  const topic = `joinery.bench.xref.${run}`;
  const kafka = new Kafka({
    clientId: 'joinery-bench',
    brokers: o.brokers.split(','),
    logLevel: logLevel.ERROR,
  });
  const admin = kafka.admin();
  await admin.connect();
  const changesTopic = `joinery.bench.changes.${run}`;
  // As many partitions as bench:ingest's topics: the service ingests partitions in parallel.
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: changesTopic, numPartitions: PARTITIONS, replicationFactor: 1 }],
  });
  const groupId = `joinery-bench-${run}`;
  const service = await startService(o.url, {
    ADMIN_API_KEY: o.apiKey,
    KAFKA_BROKERS: o.brokers,
    KAFKA_TOPIC_XREF: topic,
    KAFKA_TOPIC_GOLDEN_CHANGES: `joinery.bench.golden.${run}`,
    KAFKA_TOPIC_ENTITY_CHANGES: changesTopic,
    KAFKA_TOPIC_DLQ: `${changesTopic}.dlq`,
    KAFKA_GROUP_ID: groupId,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
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
        if (v.domain !== 'lag' || phase.arrived.has(v.sourceId)) return;
        phase.arrived.set(v.sourceId, { at: Date.now(), linkedAt: v.linkedAt });
        phase.deletable.push(v.sourceId);
      },
    });
    await joined;
    await new Promise((r) => setTimeout(r, 2000)); // the fetch offsets, resolved after the join
    for (const rate of o.rates) {
      phase = {
        rate,
        sent: 0,
        elapsed: 0,
        drained: 0,
        produced: new Map(),
        arrived: new Map(),
        deletable: [],
        backlogMax: 0,
        ingestBacklogMax: 0,
        cpuService: 0,
        cpuPostgres: 0,
        load: [],
      };
      const cpu = { service: cpuSeconds(service.pid), postgres: new PostgresCpu(o.url) };
      await cpu.postgres.start();
      await load({ producer, admin, db, topic: changesTopic, groupId }, o, phase);
      phase.cpuService = cpuSeconds(service.pid) - cpu.service;
      phase.cpuPostgres = await cpu.postgres.stop();
      phase.load = loadavg();
      lines.push(report(phase));
    }
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await db.end();
    await service.stop();
    await admin.deleteTopics({ topics: [topic, changesTopic, `${changesTopic}.dlq`] }).catch(() => undefined);
    await admin.disconnect();
  }
  return lines;
}

interface Load {
  producer: Producer;
  admin: ReturnType<Kafka['admin']>;
  db: Client;
  topic: string;
  groupId: string;
}

/**
 * Every 100 ms, one produce of rate/10 changes, without waiting for the previous one's ack unless
 * eight are in flight (a broker slower than that would slow the offer, and the rate reported shows it).
 */
async function load(k: Load, o: LagOptions, phase: Phase): Promise<void> {
  const sampler = setInterval(() => {
    void k.db
      .query<{ n: string }>(`SELECT count(*)::text AS n FROM golden_outbox WHERE published_at IS NULL`)
      .then((r) => (phase.backlogMax = Math.max(phase.backlogMax, Number(r.rows[0].n))))
      .catch(() => undefined);
    void consumerLag(k.admin, k.groupId, k.topic)
      .then((n) => (phase.ingestBacklogMax = Math.max(phase.ingestBacklogMax, n)))
      .catch(() => undefined);
  }, 250);
  const perTick = Math.max(2, Math.round(phase.rate / 10));
  const id = (n: number): string => `L-${phase.rate}-${n}`;
  const started = Date.now();
  let tick = 0;
  const inFlight = new Set<Promise<void>>();
  while (Date.now() - started < o.seconds * 1000) {
    const at = Date.now();
    const messages = Array.from({ length: perTick }, (_, i) => {
      const n = tick * perTick + i;
      // Half the changes delete a record whose message already arrived (so an upsert and its delete
      // never meet in one ingest batch, which would publish nothing); upserts until there is one.
      const deleted = i % 2 === 1 ? phase.deletable.shift() : undefined;
      const del = deleted !== undefined;
      const sourceId = deleted ?? id(n);
      const event = {
        eventId: `lag-${process.pid}-${phase.rate}-${n}`,
        domain: 'lag',
        entityType: 'person',
        sourceId,
        op: del ? 'delete' : 'upsert',
        occurredAt: new Date(at).toISOString(),
        ...(!del && { attributes: { name: `Lag Person ${phase.rate} ${sourceId}` } }),
      };
      if (!del) phase.produced.set(sourceId, at);
      return { key: `lag:person:${sourceId}`, value: JSON.stringify(event) };
    });
    const send = k.producer.send({ topic: k.topic, acks: -1, messages }).then(() => {
      phase.sent += messages.length;
    });
    inFlight.add(send);
    void send.finally(() => inFlight.delete(send));
    if (inFlight.size >= 8) await Promise.race(inFlight);
    tick++;
    await new Promise((r) => setTimeout(r, Math.max(0, started + tick * 100 - Date.now())));
  }
  await Promise.all(inFlight);
  phase.elapsed = (Date.now() - started) / 1000;
  const deadline = Date.now() + 120_000;
  while (phase.arrived.size < phase.produced.size && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  phase.drained = (Date.now() - started) / 1000;
  clearInterval(sampler);
}

function report(p: Phase): string {
  const fromTx: number[] = [];
  const fromProduce: number[] = [];
  for (const [sourceId, { at, linkedAt }] of p.arrived) {
    fromTx.push(at - Date.parse(linkedAt));
    const produced = p.produced.get(sourceId);
    if (produced !== undefined) fromProduce.push(at - produced);
  }
  fromTx.sort((a, b) => a - b);
  fromProduce.sort((a, b) => a - b);
  const rate = (seconds: number): string => Math.round(p.sent / seconds).toLocaleString('en');
  const cpuMs = (s: number): string => ((s * 1000) / Math.max(1, p.sent)).toFixed(2);
  return (
    `xref topic lag at ${rate(p.elapsed)} changes/s produced over ${p.elapsed.toFixed(0)} s ` +
    `(offered ${p.rate}/s), all in by ${p.drained.toFixed(0)} s (${rate(p.drained)} changes/s applied): ` +
    `${fromTx.length.toLocaleString('en')} of ${p.produced.size.toLocaleString('en')} messages; ` +
    `from the transaction p50 ${ms(fromTx, 50)} ms, p99 ${ms(fromTx, 99)} ms; ` +
    `from the produce p50 ${ms(fromProduce, 50)} ms, p99 ${ms(fromProduce, 99)} ms; ` +
    `ingest backlog at most ${p.ingestBacklogMax} events, relay backlog at most ${p.backlogMax} rows; ` +
    `CPU ms per change: service ${cpuMs(p.cpuService)} + PostgreSQL ${cpuMs(p.cpuPostgres)}; ` +
    `load average ${p.load.map((l) => l.toFixed(1)).join(' ')}`
  );
}
