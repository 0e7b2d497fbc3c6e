import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { BackfillRefusedError, BackfillService } from '../../src/core/backfill/backfill.service';
import { canonicalPartition, SyntheticDataset, type GeneratedEvent } from '../../src/cli/generator';
import { resolvedPartition } from '../../src/cli/generator/resolved-partition';
import type { ChangeEvent } from '../../src/core/ingestion/change-event.dto';
import { IngestionService } from '../../src/core/ingestion/ingestion.service';
import { startTestApp, TestApp, validatedEvents as validated } from '../support/app';
import { writeMatchersDir } from '../support/matchers';
import { call } from '../stewardship/steward-fixtures';

const RECORDS = 3000;
const BATCH = 500;
const dataset = new SyntheticDataset({ entityType: 'customer', records: RECORDS, domains: 4, seed: 7 });
const SHIPPED_CUSTOMER = readFileSync(path.join(__dirname, '../../matchers/customer.yaml'), 'utf8');

const raw = Array.from({ length: RECORDS }, (_, p) => dataset.upsert(p));

const events = (t: TestApp): ChangeEvent[] => validated(t, raw);

async function partition(t: TestApp): Promise<string[][]> {
  const rows: Array<readonly [string, string]> = [];
  for await (const row of resolvedPartition(t.db.url, ['customer'])) rows.push(row);
  return canonicalPartition(rows);
}

const query = <T>(t: TestApp, sql: string, values: unknown[] = []): Promise<T[]> =>
  t.app.get(DataSource).query(sql, values);

/** Golden ids whose outbox versions are not 1, 2, 3, … in outbox order. */
async function versionGaps(t: TestApp): Promise<number> {
  const [{ n }] = await query<{ n: number }>(
    t,
    `SELECT count(*)::int AS n FROM (
       SELECT version, row_number() OVER (PARTITION BY golden_id ORDER BY id) AS k FROM golden_outbox) v
      WHERE v.version <> v.k`,
  );
  return n;
}

/** Later incremental changes: a new record copying an existing one's attributes, and a delete. */
function laterChanges(twin: GeneratedEvent, gone: GeneratedEvent): unknown[] {
  const at = new Date().toISOString(); // after every generated event (and not in the future)
  return [
    { ...twin, eventId: 'later-twin', domain: 'later', occurredAt: at },
    {
      ...gone,
      eventId: 'later-delete',
      op: 'delete',
      attributes: undefined,
      version: gone.version + 1,
      occurredAt: at,
    },
  ];
}

const EDGES = `SELECT s1.domain || ':' || s1.source_id || '~' || s2.domain || ':' || s2.source_id AS pair, e.score
                 FROM match_edges e JOIN source_records s1 ON s1.id = e.record_a JOIN source_records s2 ON s2.id = e.record_b
                ORDER BY 1`;

/** The same `records` generated customers backfilled into one fresh store and loaded batch by batch into another. */
async function loadBothWays(
  records: number,
  env: Record<string, string | undefined> = {},
): Promise<[TestApp, TestApp]> {
  const backfilled = await startTestApp({ KAFKA_BROKERS: undefined, ...env });
  const incremental = await startTestApp({ KAFKA_BROKERS: undefined, ...env });
  await backfilled.app
    .get(BackfillService)
    .backfill('customer', events(backfilled).slice(0, records), { batchSize: BATCH });
  const ingestion = incremental.app.get(IngestionService);
  const all = events(incremental).slice(0, records);
  for (let i = 0; i < all.length; i += BATCH) await ingestion.ingest(all.slice(i, i + BATCH));
  return [backfilled, incremental];
}

describe('backfill with blocks over their cap', () => {
  let apps: TestApp[] = [];
  // In reverse start order: each app restores the environment it found, and the second one found
  // the capped MATCHERS_DIR, which must not leak into the next describe.
  afterAll(async () => {
    for (const t of [...apps].reverse()) await t.close();
  });

  // max_block_size 2: most name blocks outgrow their cap while the records arrive; their first
  // members were still compared, and the backfill must find exactly those pairs.
  it('compares what arrival order compared, and gives the same partition and edges', async () => {
    const capped = SHIPPED_CUSTOMER.replace(/max_block_size: \d+/, 'max_block_size: 2');
    expect(capped).not.toBe(SHIPPED_CUSTOMER);
    const [backfilled, incremental] = await loadBothWays(1500, {
      MATCHERS_DIR: writeMatchersDir({ customer: capped }),
    });
    apps = [backfilled, incremental];
    expect(await partition(backfilled)).toEqual(await partition(incremental));
    const edges = await query(backfilled, EDGES);
    expect(edges.length).toBeGreaterThan(100);
    expect(edges).toEqual(await query(incremental, EDGES));
  }, 600_000);
});

describe('backfill of records changed again after their chunk was written', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const t of [...apps].reverse()) await t.close();
  });

  // Updates and deletes of records that earlier chunks already wrote (a chunk of 150 records, batches
  // of 100), an unchanged re-send, a duplicate and a stale event: the store must be the one a single
  // chunk gives (every state in memory at once), and its source records the ones `load` leaves.
  it('gives the store a single chunk gives, and the source records incremental ingestion gives', async () => {
    const changing = new SyntheticDataset({ entityType: 'customer', records: 900, domains: 3, seed: 11 });
    const stream = [...changing.events({ updates: 250, deletes: 60 })];
    const resent = stream[10];
    const items = [
      ...stream,
      { ...resent, eventId: 'resent-unchanged', version: 9, occurredAt: new Date(2026, 0).toISOString() },
      resent, // a duplicate
      { ...changing.upsert(20, 1), eventId: 'stale' }, // older than its record's version 2, if any
    ];
    for (let i = 0; i < 3; i++) apps.push(await startTestApp({ KAFKA_BROKERS: undefined }));
    const [chunked, whole, incremental] = apps;
    const report = await chunked.app
      .get(BackfillService)
      .backfill('customer', validated(chunked, items), { batchSize: 100, chunkRecords: 150 });
    await whole.app.get(BackfillService).backfill('customer', validated(whole, items), { batchSize: 100 });
    const all = validated(incremental, items);
    for (let i = 0; i < all.length; i += 100)
      await incremental.app.get(IngestionService).ingest(all.slice(i, i + 100));
    expect(report.counts.duplicate).toBe(1);
    expect(report.liveRecords).toBeLessThan(900);

    expect(await partition(chunked)).toEqual(await partition(whole));
    expect(await query(chunked, EDGES)).toEqual(await query(whole, EDGES));
    const KEYS = `SELECT s.domain, s.source_id, k.key FROM blocking_keys k JOIN source_records s ON s.id = k.record_id ORDER BY 1, 2, 3`;
    expect(await query(chunked, KEYS)).toEqual(await query(whole, KEYS));
    const SOURCES = `SELECT domain, source_id, attributes, "references", version::text, occurred_at, deleted, last_event_id
                       FROM source_records ORDER BY domain, source_id`;
    const sources = await query(chunked, SOURCES);
    expect(sources).toEqual(await query(whole, SOURCES));
    expect(sources).toEqual(await query(incremental, SOURCES));
    const LEDGER = `SELECT p.event_id, p.outcome, s.domain, s.source_id FROM processed_events p
                      JOIN source_records s ON s.id = p.record_id ORDER BY 1`;
    expect(await query(chunked, LEDGER)).toEqual(await query(incremental, LEDGER));
    const HISTORY = `SELECT h.event_id, h.op, s.domain, s.source_id FROM source_record_history h
                       JOIN source_records s ON s.id = h.record_id ORDER BY 1`;
    expect(await query(chunked, HISTORY)).toEqual(await query(incremental, HISTORY));
    const RESOLVED = `SELECT domain, source_id, prepared FROM resolution_records ORDER BY 1, 2`;
    expect(await query(chunked, RESOLVED)).toEqual(await query(whole, RESOLVED));
  }, 600_000);
});

describe('backfill', () => {
  let backfilled: TestApp;
  let incremental: TestApp;

  beforeAll(async () => {
    [backfilled, incremental] = await loadBothWays(RECORDS);
  }, 600_000);

  afterAll(async () => {
    await backfilled?.close();
    await incremental?.close();
  });

  it('gives the partition incremental ingestion gives, with the same edges and keys', async () => {
    const [a, b] = [await partition(backfilled), await partition(incremental)];
    expect(a.length).toBeGreaterThan(RECORDS / 4);
    expect(a.some((c) => c.length > 1)).toBe(true);
    expect(a).toEqual(b);
    expect(await query(backfilled, EDGES)).toEqual(await query(incremental, EDGES));
    const keys = `SELECT count(*)::int AS n FROM blocking_keys`;
    expect(await query(backfilled, keys)).toEqual(await query(incremental, keys));
  });

  it('writes one golden.created (version 1) per entity, in order, a current membership per record, and queues the search', async () => {
    expect(await versionGaps(backfilled)).toBe(0);
    const [row] = await query<{
      goldens: number;
      created: number;
      orphans: number;
      open: number;
      unsearchable: number;
      without_xref: number;
    }>(
      backfilled,
      `SELECT (SELECT count(*)::int FROM golden_entities WHERE status = 'active' AND version = 1) AS goldens,
              (SELECT count(*)::int FROM golden_outbox WHERE event_type = 'golden.created' AND version = 1) AS created,
              (SELECT count(*)::int FROM resolution_records r WHERE NOT EXISTS (
                 SELECT 1 FROM golden_memberships m WHERE m.record_id = r.record_id AND m.golden_id = r.golden_id
                   AND m.valid_to IS NULL)) AS orphans,
              (SELECT count(*)::int FROM review_items WHERE status = 'open') AS open,
              (SELECT count(*)::int FROM golden_entities g WHERE status = 'active'
                  AND NOT EXISTS (SELECT 1 FROM golden_search_queue q WHERE q.golden_id = g.golden_id)
                  AND NOT EXISTS (SELECT 1 FROM golden_search s WHERE s.golden_id = g.golden_id)) AS unsearchable,
              (SELECT count(*)::int FROM golden_outbox WHERE xref IS NULL) AS without_xref`,
    );
    expect(row.goldens).toBe((await partition(backfilled)).length);
    expect(row.created).toBe(row.goldens);
    expect(row.orphans).toBe(0);
    expect(row.open).toBeGreaterThan(0);
    // Queued for the search indexer (or indexed already), as the outbox append queues them.
    expect(row.unsearchable).toBe(0);
    // Each event carries its xref topic entries, as the outbox append writes them.
    expect(row.without_xref).toBe(0);
  });

  it('refuses a second backfill of the same entity type', async () => {
    await expect(
      backfilled.app
        .get(BackfillService)
        .backfill('customer', events(backfilled).slice(0, 10), { batchSize: BATCH }),
    ).rejects.toBeInstanceOf(BackfillRefusedError);
  });

  it('lets incremental upserts, deletes and steward decisions continue on the backfilled store', async () => {
    // A record in an entity of several, and another entity's member to delete.
    const multi = (await partition(backfilled)).filter((c) => c.length > 2);
    const key = (e: GeneratedEvent) => `${e.domain}:customer:${e.sourceId}`;
    const twin = raw.find((e) => key(e) === multi[0][0])!;
    const gone = raw.find((e) => key(e) === multi[1][0])!;
    for (const t of [backfilled, incremental]) {
      const results = await t.app.get(IngestionService).ingest(validated(t, laterChanges(twin, gone)));
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
    }
    expect(await partition(backfilled)).toEqual(await partition(incremental));
    const [twinGolden] = await query<{ golden_id: string }>(
      backfilled,
      `SELECT golden_id FROM resolution_records WHERE domain = $1 AND source_id = $2`,
      [twin.domain, twin.sourceId],
    );
    const events2 = await query<{ event_type: string; version: number }>(
      backfilled,
      `SELECT event_type, version FROM golden_outbox WHERE golden_id = $1 ORDER BY id`,
      [twinGolden.golden_id],
    );
    // The twin joined the backfilled entity: its events continue after the backfill's version 1.
    expect(events2.slice(0, 2)).toEqual([
      { event_type: 'golden.created', version: 1 },
      { event_type: 'golden.member-added', version: 2 },
    ]);
    expect(events2.map((e) => e.version)).toEqual(events2.map((_, i) => i + 1));

    // A steward decides an open review item the backfill queued.
    const [item] = await query<{ id: string }>(
      backfilled,
      `SELECT id::text FROM review_items WHERE status = 'open' AND reason = 'review_band' ORDER BY id LIMIT 1`,
    );
    const decided = await call(
      backfilled.app,
      'post',
      '/v1/review/{id}/decision',
      { id: item.id },
      {
        decision: 'match',
        reason: 'same person, checked by phone',
      },
    );
    expect(decided.status).toBe(200);
    const [together] = await query<{ n: number }>(
      backfilled,
      `SELECT count(DISTINCT r.golden_id)::int AS n FROM review_items i
         JOIN resolution_records r ON r.record_id IN (i.record_a, i.record_b) WHERE i.id = $1`,
      [item.id],
    );
    expect(together.n).toBe(1);
    expect(await versionGaps(backfilled)).toBe(0);
  });
});
