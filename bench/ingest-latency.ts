/**
 * Latency of a single change under steady load: while a background producer sends updates of
 * stored records at a fixed rate, a probe (one new record) is produced every `probeEveryMs`, and
 * a consumer of the golden-changes topic notes when the first golden event naming the probe as a
 * member arrives. Latency = arrival − the moment before the probe's send: Kafka in, ingestion,
 * resolution, commit, the outbox relay, Kafka out.
 */
import { Kafka, Producer } from 'kafkajs';
import type { SyntheticDataset } from '../src/generator';
import { log, percentile, sleep, uniqueGroup } from './ingest-env';
import { messageOf } from './ingest-workload';

export interface LatencyResult {
  probes: number;
  received: number;
  p50: number;
  p99: number;
  max: number;
  /** Background updates actually sent per second. */
  loadRate: number;
}

export interface LatencyOptions {
  kafka: Kafka;
  producer: Producer;
  changesTopic: string;
  goldenTopic: string;
  dataset: SyntheticDataset;
  /** Records already stored: positions [0, stored) are updated; probes are new records from `stored` on. */
  stored: number;
  probes: number;
  loadRate: number;
  seconds: number;
}

export async function measureLatency(o: LatencyOptions): Promise<LatencyResult> {
  const pending = new Map<string, number>(); // "domain\u0000sourceId" → send time
  const latencies: number[] = [];
  const consumer = o.kafka.consumer({ groupId: uniqueGroup('joinery-bench-golden'), maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topics: [o.goldenTopic], fromBeginning: false });
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
      }
      return Promise.resolve();
    },
  });
  await joined;
  await sleep(3000); // the first fetch resolves "latest"; probes before it could be missed

  // Background load: updates of random stored records, in a send every 100 ms.
  const versions = new Map<number, number>();
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
        const p = pick % o.stored;
        const version = (versions.get(p) ?? 1) + 1;
        versions.set(p, version);
        messages.push(messageOf(o.dataset.upsert(p, version, Date.UTC(2026, 6, 1) + loadSent + i)));
      }
      await o.producer.send({ topic: o.changesTopic, acks: -1, messages });
      loadSent += messages.length;
      const wait = loadStarted + (tick + 1) * 100 - Date.now();
      if (wait > 0) await sleep(wait);
    }
  })();

  const probeEveryMs = Math.max(20, Math.floor((o.seconds * 1000) / o.probes));
  await sleep(2000); // let the load reach its steady state
  for (let i = 0; i < o.probes; i++) {
    const p = o.stored + i;
    const event = o.dataset.upsert(p);
    pending.set(`${event.domain}\u0000${event.sourceId}`, Date.now());
    await o.producer.send({ topic: o.changesTopic, acks: -1, messages: [messageOf(event)] });
    await sleep(probeEveryMs);
  }
  const deadline = Date.now() + 30_000;
  while (pending.size > 0 && Date.now() < deadline) await sleep(100);
  running = false;
  await load;
  const loadRate = (loadSent * 1000) / (Date.now() - loadStarted);
  await consumer.disconnect();
  if (pending.size > 0) log(`  ${pending.size} of ${o.probes} probes got no golden event within 30 s`);
  return {
    probes: o.probes,
    received: latencies.length,
    p50: latencies.length ? percentile(latencies, 50) : NaN,
    p99: latencies.length ? percentile(latencies, 99) : NaN,
    max: latencies.length ? Math.max(...latencies) : NaN,
    loadRate,
  };
}
