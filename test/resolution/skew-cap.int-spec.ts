import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { PERSON_MATCHER } from '../support/matchers';
import { applyChanges, currentPartition, outboxEvents, type TestChange } from '../support/resolution-harness';
import { call, goldenOf, recordKey, stewardEnv } from '../stewardship/steward-fixtures';

/** The test person matcher with a skew cap of 3: a name block of 4 or more records links nobody. */
const CAPPED = PERSON_MATCHER.replace('max_block_size: 50', 'max_block_size: 3');

const dob = '1980-01-01';
/** Same name and birth date match; six Smiths make their name block overfull, three Adas fill theirs exactly. */
const smith = (n: number, extra: Record<string, unknown> = {}): TestChange => ({
  domain: 'crm',
  sourceId: `S-${n}`,
  attributes: { name: 'John Smith', dob, ...extra },
});
// Three Smiths in the first seven records: batches of 1 and of 7 both link them before the block fills.
const RECORDS: TestChange[] = [
  smith(1, { email: 'js@example.com' }),
  { domain: 'crm', sourceId: 'A-1', attributes: { name: 'Ada Lovelace', dob } },
  smith(2, { email: 'js@example.com' }),
  { domain: 'crm', sourceId: 'A-2', attributes: { name: 'Ada Lovelace', dob } },
  { domain: 'crm', sourceId: 'G-1', attributes: { name: 'Grace Hopper', dob } },
  smith(3, { ssn: '333' }),
  { domain: 'crm', sourceId: 'A-3', attributes: { name: 'Ada Lovelace', dob } },
  smith(4, { ssn: '333' }),
  smith(5),
  { domain: 'crm', sourceId: 'G-2', attributes: { name: 'Grace Hopper', dob } },
  smith(6),
];
/** What loading every record at once gives: the Smiths stay linked only through a shared email or national id. */
const EXPECTED = [
  ['crm:A-1', 'crm:A-2', 'crm:A-3'],
  ['crm:G-1', 'crm:G-2'],
  ['crm:S-1', 'crm:S-2'],
  ['crm:S-3', 'crm:S-4'],
  ['crm:S-5'],
  ['crm:S-6'],
];

const edges = (t: TestApp): Promise<Array<{ pair: string; kind: string }>> =>
  t.app.get(DataSource).query(
    `SELECT s1.source_id || '~' || s2.source_id AS pair, e.kind
       FROM match_edges e JOIN source_records s1 ON s1.id = e.record_a JOIN source_records s2 ON s2.id = e.record_b
      ORDER BY 1`,
  );

const reviews = (t: TestApp): Promise<Array<{ pair: string; status: string }>> =>
  t.app.get(DataSource).query(
    `SELECT s1.source_id || '~' || s2.source_id AS pair, r.status
       FROM review_items r JOIN source_records s1 ON s1.id = r.record_a JOIN source_records s2 ON s2.id = r.record_b
      WHERE r.reason = 'review_band' ORDER BY 1`,
  );

async function load(t: TestApp, records: TestChange[], batch: number): Promise<void> {
  for (let i = 0; i < records.length; i += batch)
    await applyChanges(t.app, 'person', records.slice(i, i + batch));
}

describe('the skew cap does not depend on batch boundaries', () => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  const seen: Array<Array<{ pair: string; kind: string }>> = [];
  it.each([1, 7, RECORDS.length])('in batches of %i', async (batch) => {
    t = await startTestApp(stewardEnv(CAPPED));
    await load(t, RECORDS, batch);
    expect(await currentPartition(t.app, 'person')).toEqual(EXPECTED);
    const now = await edges(t);
    seen.push(now);
    expect(now).toEqual(seen[0]);
    if (batch < RECORDS.length) {
      // The Smiths linked while their block was under the cap were split when it filled up.
      expect((await outboxEvents(t.app)).some((e) => e.type === 'golden.split')).toBe(true);
    }
  });

  it('keeps a steward link made through a block that later fills up', async () => {
    t = await startTestApp(stewardEnv(CAPPED));
    await load(t, [smith(5), smith(6)], 1);
    const linked = await call(
      t.app,
      'post',
      '/v1/constraints',
      {},
      { kind: 'must_link', a: recordKey('crm', 'S-5'), b: recordKey('crm', 'S-6'), reason: 'same person' },
    );
    expect(linked.status).toBe(201);
    const rest = RECORDS.filter((r) => r.sourceId !== 'S-5' && r.sourceId !== 'S-6');
    await load(t, rest, 1);
    expect(await currentPartition(t.app, 'person')).toEqual([
      ...EXPECTED.slice(0, 4),
      ['crm:S-5', 'crm:S-6'],
    ]);
    expect(await edges(t)).toContainEqual({ pair: 'S-5~S-6', kind: 'steward' });
  });

  it('supersedes the open review items found through a block that later fills up', async () => {
    // Cap 4: two uncertain pairs fit in the name block before a fifth Smith fills it. P-1 and P-2
    // (one national id, first names apart) also share a key within its cap; P-3 and P-4 (one birth
    // date, names close) share only the name block.
    const people: TestChange[] = [
      { domain: 'crm', sourceId: 'P-1', attributes: { name: 'John Smith', ssn: '444' } },
      { domain: 'crm', sourceId: 'P-2', attributes: { name: 'Jean Smith', ssn: '444' } },
      { domain: 'crm', sourceId: 'P-3', attributes: { name: 'Jon Smith', dob } },
      { domain: 'crm', sourceId: 'P-4', attributes: { name: 'John Smith', dob } },
      { domain: 'crm', sourceId: 'P-5', attributes: { name: 'John Smith', ssn: '555' } },
    ];
    const cap4 = PERSON_MATCHER.replace('max_block_size: 50', 'max_block_size: 4');
    t = await startTestApp(stewardEnv(cap4));
    await load(t, people.slice(0, 4), 1);
    expect(await reviews(t)).toEqual([
      { pair: 'P-1~P-2', status: 'open' },
      { pair: 'P-3~P-4', status: 'open' },
    ]);
    await load(t, people.slice(4), 1);
    const oneByOne = await reviews(t);
    expect(oneByOne).toEqual([
      { pair: 'P-1~P-2', status: 'open' },
      { pair: 'P-3~P-4', status: 'superseded' },
    ]);
    await t.close();

    // Loading them at once asks the steward the same one question.
    t = await startTestApp(stewardEnv(cap4));
    await load(t, people, people.length);
    expect(await reviews(t)).toEqual(oneByOne.filter((r) => r.status === 'open'));
  });

  it('supersedes the open constraint conflict of an edge pruned when its block fills up', async () => {
    // At most two records an entity: three Smiths all match, so S-1 and S-2 link and both edges to
    // S-3 are refused and queued. A fourth Smith takes the name block (cap 3), the only key they
    // share, past its cap, which removes all three edges.
    t = await startTestApp(stewardEnv(`${CAPPED}clustering: { max_cluster_size: 2 }\n`));
    const conflicts = (): Promise<Array<{ pair: string; status: string; guard: string }>> =>
      t!.app.get(DataSource).query(
        `SELECT s1.source_id || '~' || s2.source_id AS pair, r.status, r.explanation ->> 'guard' AS guard
           FROM review_items r JOIN source_records s1 ON s1.id = r.record_a JOIN source_records s2 ON s2.id = r.record_b
          WHERE r.reason = 'constraint_conflict' ORDER BY 1`,
      );
    await load(t, [smith(1), smith(2), smith(3)], 1);
    const refused = ['S-1~S-3', 'S-2~S-3'];
    expect(await conflicts()).toEqual(
      refused.map((pair) => ({ pair, status: 'open', guard: 'max_cluster_size' })),
    );
    expect((await edges(t)).map((e) => e.pair)).toEqual(['S-1~S-2', ...refused]);

    await load(t, [smith(4)], 1);
    // Closed because their edges are gone: the guard has nothing left to refuse.
    expect(await edges(t)).toEqual([]);
    expect(await conflicts()).toEqual(
      refused.map((pair) => ({ pair, status: 'superseded', guard: 'max_cluster_size' })),
    );
  });

  it("keeps a steward's merge sent to review when the edge of its pair is pruned", async () => {
    // S-1 and S-2 match, a cannot-link keeps them apart, and a steward's merge of their entities
    // goes to review as a constraint conflict on that pair. S-5 links to S-1 (its edge to S-2 is
    // refused and queued); S-6 takes the name block past its cap of 3, which removes every edge.
    t = await startTestApp(stewardEnv(CAPPED));
    const app = t.app;
    await load(t, [smith(1), smith(2)], 1);
    const apart = await call(
      app,
      'post',
      '/v1/constraints',
      {},
      { kind: 'cannot_link', a: recordKey('crm', 'S-1'), b: recordKey('crm', 'S-2'), reason: 'two people' },
    );
    expect(apart.status).toBe(201);
    const [one, two] = await Promise.all([goldenOf(app, 'crm', 'S-1'), goldenOf(app, 'crm', 'S-2')]);
    const merge = await call(
      app,
      'post',
      '/v1/golden/{goldenId}/merge',
      { goldenId: one },
      { otherGoldenId: two, reason: 'same after all?' },
    );
    expect(merge.status).toBe(409);
    await load(t, [smith(5)], 1);
    const conflicts = (): Promise<Array<{ pair: string; status: string; steward: boolean }>> =>
      app.get(DataSource).query(
        `SELECT s1.source_id || '~' || s2.source_id AS pair, r.status, r.explanation ? 'steward' AS steward
           FROM review_items r JOIN source_records s1 ON s1.id = r.record_a JOIN source_records s2 ON s2.id = r.record_b
          WHERE r.reason = 'constraint_conflict' ORDER BY 1`,
      );
    expect(await conflicts()).toEqual([
      { pair: 'S-1~S-2', status: 'open', steward: true },
      { pair: 'S-2~S-5', status: 'open', steward: false },
    ]);
    await load(t, [smith(6)], 1);
    expect(await edges(t)).toEqual([]);
    // The steward asked about the entities, not the edge: that question stands.
    expect(await conflicts()).toEqual([
      { pair: 'S-1~S-2', status: 'open', steward: true },
      { pair: 'S-2~S-5', status: 'superseded', steward: false },
    ]);
  });

  // Under linkage across domains a block's members of the record's own domain are not read, but the
  // cap is on the whole block: three CRM Smiths and one billing Smith make a name block of 4.
  it.each([1, 4])(
    'counts every domain against the cap under linkage across domains, in batches of %i',
    async (batch) => {
      t = await startTestApp(stewardEnv(`${CAPPED}linkage: across_domains\n`));
      const billing: TestChange = {
        domain: 'billing',
        sourceId: 'B-1',
        attributes: { name: 'John Smith', dob },
      };
      await load(t, [billing, smith(1), smith(2), smith(3)], batch);
      expect(await currentPartition(t.app, 'person')).toEqual([
        ['billing:B-1'],
        ['crm:S-1'],
        ['crm:S-2'],
        ['crm:S-3'],
      ]);
      expect(await edges(t)).toEqual([]);
    },
  );
});
