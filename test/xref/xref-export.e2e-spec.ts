import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { expectToMatchSpec, textBody, textOf } from '../support/openapi';
import {
  dbNow,
  mergeScenario,
  MergeScenario,
  splitScenario,
  SplitScenario,
  xrefMatchersDir,
} from './xref-fixtures';

const ROUTE = '/v1/xref/export';

interface Line {
  cursor: string;
  op?: 'added' | 'removed';
  at?: string;
  goldenId: string;
  domain: string;
  sourceId: string;
  linkedAt: string;
}

describe('GET /v1/xref/export', () => {
  let t: TestApp;
  let start: string;
  let merge: MergeScenario;
  let split: SplitScenario;

  const exportText = async (query: string, status = 200) => {
    const res = await request(t.app.getHttpServer())
      .get(`${ROUTE}?${query}`)
      .buffer(true)
      .parse(textBody)
      .expect(status);
    expectToMatchSpec(res, 'get', ROUTE);
    return res;
  };
  const ndjson = async (query: string): Promise<Line[]> =>
    textOf(await exportText(query))!
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Line);
  const keys = (lines: Line[]) => lines.map((l) => `${l.op ? `${l.op} ` : ''}${l.domain}:${l.sourceId}`);

  beforeAll(async () => {
    t = await startTestApp({ MATCHERS_DIR: xrefMatchersDir(), KAFKA_BROKERS: undefined });
    start = await dbNow(t.app);
    merge = await mergeScenario(t.app);
    split = await splitScenario(t.app);
  });
  afterAll(() => t?.close());

  it('streams the current crosswalk as ndjson, ordered by cursor', async () => {
    const res = await exportText('entityType=person');
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = await ndjson('entityType=person');
    expect(keys(lines).sort()).toEqual([
      'billing:B-1',
      'billing:B-2',
      'crm:C-1',
      'crm:C-2',
      'support:S-1',
      'support:S-2',
    ]);
    const cursors = lines.map((l) => Number(l.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    const byKey = Object.fromEntries(lines.map((l) => [`${l.domain}:${l.sourceId}`, l.goldenId]));
    expect(byKey['billing:B-1']).toBe(merge.older);
    expect(byKey['billing:B-2']).toBe(split.splitId);
  });

  it('streams CSV with a header line', async () => {
    const res = await exportText('entityType=person&format=csv');
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows = textOf(res)!.trimEnd().split('\r\n');
    expect(rows[0]).toBe('cursor,goldenId,domain,sourceId,linkedAt');
    expect(rows).toHaveLength(7);
    expect(rows[1].split(',')).toHaveLength(5);
  });

  it('pages with cursor and limit, and the pages add up to the whole export', async () => {
    const all = await ndjson('entityType=person');
    const pages: Line[] = [];
    let cursor = '';
    for (let i = 0; i < 10; i++) {
      const page = await ndjson(`entityType=person&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(...page);
      if (page.length < 4) break;
      cursor = page[page.length - 1].cursor;
    }
    expect(pages).toEqual(all);
  });

  it('answers as of before the merge and the split', async () => {
    const lines = await ndjson(`entityType=person&asOf=${merge.beforeMerge}`);
    expect(lines.map((l) => [l.domain, l.sourceId, l.goldenId])).toEqual([
      ['crm', 'C-1', merge.older],
      ['billing', 'B-1', merge.younger],
    ]);
    const beforeSplit = await ndjson(`entityType=person&asOf=${split.beforeSplit}`);
    expect(
      beforeSplit
        .filter((l) => l.goldenId === split.goldenId)
        .map((l) => l.sourceId)
        .sort(),
    ).toEqual(['B-2', 'C-2', 'S-2']);
  });

  it('gives the delta since a time: rows added and removed, in an order that replays correctly', async () => {
    const lines = await ndjson(`entityType=person&since=${merge.beforeMerge}&asOf=${merge.afterMerge}`);
    // B-1 left the younger entity and joined the older one; S-1 arrived. Per record, lines come in
    // the order they happened (B-1's removal before its addition); across records any order.
    const summary = lines.map((l) => [l.op, l.domain, l.sourceId, l.goldenId]);
    expect(summary).toHaveLength(3);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['removed', 'billing', 'B-1', merge.younger],
        ['added', 'support', 'S-1', merge.older],
        ['added', 'billing', 'B-1', merge.older],
      ]),
    );
    const b1 = lines.filter((l) => l.sourceId === 'B-1').map((l) => l.op);
    expect(b1).toEqual(['removed', 'added']);
    expect(lines.every((l) => l.at! > merge.beforeMerge && l.at! <= merge.afterMerge)).toBe(true);

    // Replaying every delta from the beginning gives the snapshot.
    const state = new Map<string, string>();
    for (const l of await ndjson(`entityType=person&since=${start}`)) {
      if (l.op === 'added') state.set(`${l.domain}:${l.sourceId}`, l.goldenId);
      else if (state.get(`${l.domain}:${l.sourceId}`) === l.goldenId)
        state.delete(`${l.domain}:${l.sourceId}`);
    }
    const snapshot = await ndjson('entityType=person');
    expect(new Map(snapshot.map((l) => [`${l.domain}:${l.sourceId}`, l.goldenId]))).toEqual(state);
  });

  it('gives the delta as CSV with op and at columns', async () => {
    const res = await exportText(`entityType=person&format=csv&since=${split.beforeSplit}`);
    const rows = textOf(res)!.trimEnd().split('\r\n');
    expect(rows[0]).toBe('cursor,op,at,goldenId,domain,sourceId,linkedAt');
    expect(rows.slice(1).map((r) => r.split(',')[1])).toEqual(['removed', 'added']);
  });

  it('answers an empty body for an entity type with no records', async () => {
    expect(await ndjson('entityType=account')).toEqual([]);
  });

  it.each([
    ['no entityType', 'format=ndjson', 'entityType'],
    ['an unknown format', 'entityType=person&format=xml', 'format'],
    ['a malformed cursor', 'entityType=person&cursor=abc', 'cursor'],
    ['a zero limit', 'entityType=person&limit=0', 'limit'],
    ['a malformed since', 'entityType=person&since=2026-01-01', 'since'],
    ['since after asOf', 'entityType=person&since=2026-01-02T00:00:00Z&asOf=2026-01-01T00:00:00Z', 'since'],
    ['an unknown parameter', 'entityType=person&page=2', 'page'],
  ])('answers 400 for %s', async (_name, query, field) => {
    const res = await request(t.app.getHttpServer()).get(`${ROUTE}?${query}`).expect(400);
    expectToMatchSpec(res, 'get', ROUTE);
    expect(res.body.code).toBe('COMMON.VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('answers 400 XREF.UNKNOWN_ENTITY_TYPE for an unknown entity type', async () => {
    const res = await request(t.app.getHttpServer()).get(`${ROUTE}?entityType=persn`).expect(400);
    expectToMatchSpec(res, 'get', ROUTE);
    expect(res.body.code).toBe('XREF.UNKNOWN_ENTITY_TYPE');
  });
});
