import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { expectToMatchSpec } from '../support/openapi';
import { count, del, EventBody, sql, testMatchersDir, upsert } from './support/fixtures';

/** `POST /v1/events` against the real PostgreSQL: results, idempotency, ordering, validation. */
describe('POST /v1/events', () => {
  let t: TestApp;
  const post = (body: unknown) =>
    request(t.app.getHttpServer())
      .post('/v1/events')
      .send(body as object);
  const postEvents = async (events: unknown[]) => {
    const res = await post({ events }).expect(200);
    expectToMatchSpec(res, 'post', '/v1/events');
    return res.body as {
      results: Array<{
        eventId: string | null;
        status: string;
        goldenId?: string | null;
        code?: string;
        problems?: Array<{ field: string; reason: string }>;
      }>;
      summary: Record<string, number>;
    };
  };
  const recordOf = async (sourceId: string) =>
    (
      await sql<{ version: string | null; deleted: boolean; attributes: Record<string, unknown> }>(
        t.db.url,
        `SELECT version::text, deleted, attributes FROM source_records WHERE domain = 'crm' AND entity_type = 'customer' AND source_id = $1`,
        [sourceId],
      )
    )[0];
  const historyOf = async (sourceId: string) =>
    (
      await sql<{ event_id: string }>(
        t.db.url,
        `SELECT h.event_id FROM source_record_history h JOIN source_records s ON s.id = h.record_id WHERE s.source_id = $1 ORDER BY h.id`,
        [sourceId],
      )
    ).map((r) => r.event_id);

  beforeAll(async () => {
    t = await startTestApp({ KAFKA_BROKERS: undefined, MATCHERS_DIR: testMatchersDir() });
  });
  afterAll(() => t?.close());

  it('replaying the same 1,000 events leaves exactly 1,000 records and 1,000 history rows', async () => {
    const events = Array.from({ length: 1000 }, (_, i) => upsert(`R-${i}`, 1));
    const started = Date.now();
    const first = await postEvents(events);
    const firstMs = Date.now() - started;
    expect(first.summary).toEqual({ applied: 1000, duplicate: 0, stale: 0, unchanged: 0, rejected: 0 });
    expect(first.results.map((r) => r.eventId)).toEqual(events.map((e) => e.eventId));

    const second = await postEvents(events);
    expect(second.summary).toEqual({ applied: 0, duplicate: 1000, stale: 0, unchanged: 0, rejected: 0 });
    expect(await count(t.db.url, 'source_records', `source_id LIKE 'R-%'`)).toBe(1000);
    expect(await count(t.db.url, 'source_record_history', `event_id LIKE 'R-%'`)).toBe(1000);
    expect(await count(t.db.url, 'processed_events', `event_id LIKE 'R-%'`)).toBe(1000);
    console.log(`[bench] POST /v1/events with 1,000 new events: ${firstMs} ms`);
  });

  it('out-of-order versions end at the highest version; older ones are stale', async () => {
    const statuses: string[] = [];
    for (const v of [3, 1, 5, 2, 4])
      statuses.push((await postEvents([upsert('OOO-1', v)])).results[0].status);
    expect(statuses).toEqual(['applied', 'stale', 'applied', 'stale', 'stale']);
    expect(await recordOf('OOO-1')).toMatchObject({
      version: '5',
      deleted: false,
      attributes: { surname: 'OOO-1 v5' },
    });
    expect(await historyOf('OOO-1')).toEqual(['OOO-1#v3', 'OOO-1#v5']);
  });

  it('applies events for the same record in request order within one call', async () => {
    const { results } = await postEvents([
      upsert('SEQ-1', 1),
      upsert('SEQ-1', 2),
      upsert('SEQ-1', 1, {}, { eventId: 'SEQ-1#late' }),
      upsert('SEQ-1', 3),
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'stale', 'applied']);
    expect(await historyOf('SEQ-1')).toEqual(['SEQ-1#v1', 'SEQ-1#v2', 'SEQ-1#v3']);
    expect((await recordOf('SEQ-1'))?.version).toBe('3');
  });

  it('an upsert that changes nothing is unchanged, writes no history, but moves the version on', async () => {
    await postEvents([upsert('UNCH-1', 1, { surname: 'same' })]);
    const { results } = await postEvents([upsert('UNCH-1', 2, { surname: 'same' })]);
    expect(results[0].status).toBe('unchanged');
    expect(await historyOf('UNCH-1')).toEqual(['UNCH-1#v1']);
    expect((await recordOf('UNCH-1'))?.version).toBe('2');
    // Key order inside attributes is not a change either.
    const reordered = upsert('UNCH-1', 3, { surname: 'same' });
    reordered.attributes = Object.fromEntries(Object.entries(reordered.attributes!).reverse());
    expect((await postEvents([reordered])).results[0].status).toBe('unchanged');
  });

  it('a delete leaves a tombstone: a late older upsert is stale, a newer one brings the record back', async () => {
    await postEvents([upsert('DEL-1', 1)]);
    expect((await postEvents([del('DEL-1', 5)])).results[0].status).toBe('applied');
    expect(await recordOf('DEL-1')).toMatchObject({ deleted: true, version: '5', attributes: {} });
    expect((await postEvents([upsert('DEL-1', 4)])).results[0].status).toBe('stale');
    expect((await postEvents([del('DEL-1', 6)])).results[0].status).toBe('unchanged');
    expect((await postEvents([upsert('DEL-1', 7)])).results[0].status).toBe('applied');
    expect(await recordOf('DEL-1')).toMatchObject({ deleted: false, version: '7' });
    expect(await historyOf('DEL-1')).toEqual(['DEL-1#v1', 'DEL-1#delete-v5', 'DEL-1#v7']);
  });

  it('deleting a record never seen is unchanged but keeps a tombstone against late upserts', async () => {
    expect((await postEvents([del('GHOST-1', 3)])).results[0].status).toBe('unchanged');
    expect((await postEvents([upsert('GHOST-1', 2)])).results[0].status).toBe('stale');
    expect(await historyOf('GHOST-1')).toEqual([]);
  });

  it('without versions, occurredAt orders the events', async () => {
    const at = (iso: string, id: string): EventBody => ({
      ...upsert('TIME-1', 0, { surname: id }),
      eventId: id,
      version: undefined,
      occurredAt: iso,
    });
    const { results } = await postEvents([
      at('2026-11-25T10:00:00.000002Z', 't2'),
      at('2026-11-25T10:00:00.000001Z', 't1'),
      at('2026-11-25T11:00:00.000003+01:00', 't3'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'stale', 'applied']);
    expect((await recordOf('TIME-1'))?.attributes.surname).toBe('t3');
  });

  it('rejects invalid events one by one with field reasons and applies the valid ones', async () => {
    const { results, summary } = await postEvents([
      upsert('MIX-1', 1),
      { ...upsert('MIX-2', 1), entityType: 'spaceship' },
      { ...upsert('MIX-3', 1), attributes: { address: { city: 'Paris' } } },
      'not an event',
      { ...upsert('MIX-4', 1), version: -1, op: 'merge' },
      upsert('MIX-5', 1),
    ]);
    expect(summary).toEqual({ applied: 2, duplicate: 0, stale: 0, unchanged: 0, rejected: 4 });
    expect(results.map((r) => r.status)).toEqual([
      'applied',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'applied',
    ]);
    expect(results[1]).toMatchObject({
      eventId: 'MIX-2#v1',
      code: 'INGESTION.UNKNOWN_ENTITY_TYPE',
      problems: [{ field: 'events[1].entityType' }],
    });
    expect(results[2]).toMatchObject({
      code: 'INGESTION.INVALID_EVENT',
      problems: [{ field: 'events[2].attributes.address' }],
    });
    expect(results[3]).toMatchObject({ eventId: null, problems: [{ field: 'events[3]' }] });
    expect(results[4].problems!.map((p) => p.field).sort()).toEqual(['events[4].op', 'events[4].version']);
    expect(await count(t.db.url, 'source_records', `source_id LIKE 'MIX-%'`)).toBe(2);
  });

  it.each([
    ['an array body', [], 'body'],
    ['no events field', { items: [] }, 'events'],
    ['events not an array', { events: { eventId: 'x' } }, 'events'],
    ['an empty events array', { events: [] }, 'events'],
  ])('answers 400 COMMON.VALIDATION_FAILED for %s', async (_, body, field) => {
    const res = await post(body).expect(400);
    expectToMatchSpec(res, 'post', '/v1/events');
    expect(res.body.code).toBe('COMMON.VALIDATION_FAILED');
    expect(res.body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, reason: expect.any(String) })]),
    );
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/v1/events')
      .set('content-type', 'application/json')
      .send('{"events": [')
      .expect(400);
    expect(res.body.code).toBe('COMMON.VALIDATION_FAILED');
  });

  it('answers 413 INGESTION.BATCH_TOO_LARGE for more than 1,000 events and stores nothing', async () => {
    const res = await post({ events: Array.from({ length: 1001 }, (_, i) => upsert(`BIG-${i}`, 1)) }).expect(
      413,
    );
    expect(res.body.code).toBe('INGESTION.BATCH_TOO_LARGE');
    expectToMatchSpec(res, 'post', '/v1/events');
    expect(await count(t.db.url, 'source_records', `source_id LIKE 'BIG-%'`)).toBe(0);
  });

  it('concurrent requests on the same records serialize: each record ends at its highest version', async () => {
    const records = Array.from({ length: 50 }, (_, i) => `CONC-${i}`);
    const versions = [1, 2, 3, 4, 5, 6, 7, 8];
    // Eight requests, each carrying one version of every record, in a different record order each time.
    const bodies = versions.map((v, k) => {
      const shift = (k * 7) % records.length;
      const rotated = [...records.slice(shift), ...records.slice(0, shift)];
      return (k % 2 === 1 ? rotated.reverse() : rotated).map((r) => upsert(r, v));
    });
    const responses = await Promise.all(bodies.map((events) => postEvents(events)));
    const applied = responses.reduce((n, r) => n + r.summary.applied, 0);
    expect(
      responses.reduce((n, r) => n + r.summary.rejected + r.summary.duplicate + r.summary.unchanged, 0),
    ).toBe(0);
    const rows = await sql<{ version: string }>(
      t.db.url,
      `SELECT version::text FROM source_records WHERE source_id LIKE 'CONC-%'`,
    );
    expect(rows).toHaveLength(50);
    expect(rows.every((r) => r.version === '8')).toBe(true);
    expect(await count(t.db.url, 'source_record_history', `event_id LIKE 'CONC-%'`)).toBe(applied);
    expect(await count(t.db.url, 'processed_events', `event_id LIKE 'CONC-%'`)).toBe(bodies.flat().length);
  });
});
