/**
 * The raw limits of the same machine, for reading the end-to-end figures against:
 * - Kafka: how fast kafkajs consumes the run's topic with an empty handler (same batch API, explicit
 *   commits and two partitions at a time, as the service's consumer);
 * - PostgreSQL: how fast it takes the rows one new record leaves in the store (source record,
 *   history, idempotency ledger, resolution record, blocking keys, golden entity, membership, outbox
 *   event) as set-based inserts of 1,000 records per transaction, two writers, with no matching at all.
 */
import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { runMigrations } from '../src/platform/database/migrate';
import { compileMatcher, loadMatcherConfig } from '../src/engine';
import type { SyntheticDataset } from '../src/cli/generator';
import { REPO, sleep, uniqueGroup } from './ingest-env';
import path from 'node:path';

/** Messages per second from the first message to the last (the group join is not counted). */
export async function kafkaConsumeRate(kafka: Kafka, topic: string, expected: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: uniqueGroup('joinery-bench-raw'), maxWaitTimeInMs: 1000 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let count = 0;
  let first = 0;
  let last = 0;
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: 2,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, uncommittedOffsets }) => {
      if (batch.messages.length === 0) return;
      if (first === 0) first = Date.now();
      count += batch.messages.length;
      resolveOffset(batch.messages[batch.messages.length - 1].offset);
      await commitOffsetsIfNecessary(uncommittedOffsets());
      last = Date.now();
    },
  });
  const deadline = Date.now() + 600_000;
  while (count < expected && Date.now() < deadline) await sleep(50);
  await consumer.disconnect();
  return (count * 1000) / Math.max(1, last - first);
}

interface RecordRows {
  key: [string, string, string];
  attributes: string;
  prepared: string;
  keys: string[];
  goldenId: string;
  event: string;
}

const BATCH = 1000;

async function insertBatch(
  client: Client,
  entityType: string,
  rows: RecordRows[],
  first: number,
): Promise<void> {
  await client.query('BEGIN');
  const ids = (
    await client.query<{ id: string }>(
      `INSERT INTO source_records (entity_type, domain, source_id, attributes, "references", version, occurred_at, deleted, last_event_id)
       SELECT t, d, s, a::jsonb, '[]'::jsonb, 1, now(), false, e
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(t, d, s, a, e)
       RETURNING id::text`,
      [
        rows.map((r) => r.key[0]),
        rows.map((r) => r.key[1]),
        rows.map((r) => r.key[2]),
        rows.map((r) => r.attributes),
        rows.map((_, i) => `raw-${first + i}`),
      ],
    )
  ).rows.map((r) => r.id);
  await client.query(
    `INSERT INTO source_record_history (record_id, event_id, op, version, occurred_at, attributes, "references")
     SELECT r, e, 'upsert', 1, now(), a::jsonb, '[]'::jsonb FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(r, e, a)`,
    [ids, rows.map((_, i) => `raw-${first + i}`), rows.map((r) => r.attributes)],
  );
  await client.query(
    `INSERT INTO processed_events (event_id, outcome, record_id)
     SELECT e, 'applied', r FROM unnest($1::text[], $2::bigint[]) AS u(e, r)`,
    [rows.map((_, i) => `raw-${first + i}`), ids],
  );
  await client.query(
    `INSERT INTO golden_entities (golden_id, entity_type, status, version, attributes, member_count)
     SELECT g, $1, 'active', 1, a::jsonb, 1 FROM unnest($2::text[], $3::text[]) AS u(g, a)`,
    [entityType, rows.map((r) => r.goldenId), rows.map((r) => r.attributes)],
  );
  await client.query(
    `INSERT INTO resolution_records (record_id, entity_type, domain, source_id, prepared, golden_id)
     SELECT r, $1, d, s, p::jsonb, g FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(r, d, s, p, g)`,
    [
      entityType,
      ids,
      rows.map((r) => r.key[1]),
      rows.map((r) => r.key[2]),
      rows.map((r) => r.prepared),
      rows.map((r) => r.goldenId),
    ],
  );
  const keyRecords: string[] = [];
  const keyDomains: string[] = [];
  const keys: string[] = [];
  rows.forEach((r, i) =>
    r.keys.forEach((k) => (keyRecords.push(ids[i]), keyDomains.push(r.key[1]), keys.push(k))),
  );
  await client.query(
    `INSERT INTO blocking_keys (entity_type, key, record_id, domain)
     SELECT $1, k, r, d FROM unnest($2::text[], $3::bigint[], $4::text[]) AS u(k, r, d)
     ON CONFLICT DO NOTHING`,
    [entityType, keys, keyRecords, keyDomains],
  );
  await client.query(
    `INSERT INTO golden_memberships (golden_id, record_id, entity_type, domain, source_id, cause, valid_from)
     SELECT g, r, $1, d, s, 'new', now() FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[]) AS u(g, r, d, s)`,
    [entityType, rows.map((r) => r.goldenId), ids, rows.map((r) => r.key[1]), rows.map((r) => r.key[2])],
  );
  await client.query(
    `INSERT INTO golden_outbox (golden_id, version, event_type, payload)
     SELECT g, 1, 'golden.created', p::jsonb FROM unnest($1::text[], $2::text[]) AS u(g, p)`,
    [rows.map((r) => r.goldenId), rows.map((r) => r.event)],
  );
  await client.query('COMMIT');
}

/**
 * Records per second PostgreSQL stores with no matching, `records` new records into the freshly
 * migrated database `url`. Rows are built (prepare, blocking keys, JSON) before each timed chunk.
 */
export async function postgresInsertRate(
  url: string,
  dataset: SyntheticDataset,
  records: number,
): Promise<number> {
  await runMigrations(url);
  const matcher = compileMatcher(loadMatcherConfig(path.join(REPO, 'matchers'), dataset.entityType));
  const writers = await Promise.all(
    [0, 1].map(async () => {
      const c = new Client({ connectionString: url, application_name: 'joinery-bench-raw' });
      await c.connect();
      return c;
    }),
  );
  let timedMs = 0;
  try {
    const CHUNK = 20_000;
    for (let start = 0; start < records; start += CHUNK) {
      const rows: RecordRows[] = [];
      for (let p = start; p < Math.min(records, start + CHUNK); p++) {
        const attributes = dataset.attributes(p);
        const prepared = matcher.prepare(attributes);
        const goldenId = randomUUID();
        const member = { domain: dataset.domainOfRecord(p), sourceId: dataset.sourceIdOf(p) };
        rows.push({
          key: [dataset.entityType, member.domain, member.sourceId],
          attributes: JSON.stringify(attributes),
          prepared: JSON.stringify(prepared),
          keys: matcher.blockingKeys(prepared),
          goldenId,
          event: JSON.stringify({
            eventId: randomUUID(),
            type: 'golden.created',
            goldenId,
            entityType: dataset.entityType,
            version: 1,
            occurredAt: new Date().toISOString(),
            cause: 'match',
            members: [member],
            after: attributes,
          }),
        });
      }
      const batches: Array<[number, RecordRows[]]> = [];
      for (let i = 0; i < rows.length; i += BATCH) batches.push([start + i, rows.slice(i, i + BATCH)]);
      const began = Date.now();
      await Promise.all(
        writers.map(async (client) => {
          for (let next = batches.shift(); next; next = batches.shift())
            await insertBatch(client, dataset.entityType, next[1], next[0]);
        }),
      );
      timedMs += Date.now() - began;
    }
  } finally {
    await Promise.all(writers.map((c) => c.end()));
  }
  return (records * 1000) / timedMs;
}
