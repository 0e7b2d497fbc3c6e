import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { command as exportCommand } from '../../src/cli/commands/export.command';
import { startTestApp, TestApp } from '../support/app';
import { PII_PERSON_MATCHER, writeMatchersDir } from '../support/matchers';
import { binaryBody, expectToMatchSpec, textBody, textOf } from '../support/openapi';
import { applyChanges, TestChange } from '../support/resolution-harness';
import { dbNow } from './xref-fixtures';

/**
 * The Parquet crosswalk, written by the service (src/features/xref/parquet-export.ts, through DuckDB) and read
 * back, and the recipe of docs/xref.md (a join of two domains' tables
 * through the crosswalk) run for real.
 */

const ROUTE = '/v1/xref/export';
const person = (i: number) => ({
  name: `Person ${i} Example`,
  email: `p${i}@example.com`,
  ssn: String(100000 + i),
  'address.line1': `${i} Main Street`,
  'address.city': `City ${i % 3}`,
  visits: i % 5,
});
const people = (from: number, to: number, domain: string): TestChange[] =>
  Array.from({ length: to - from }, (_, k) => ({
    domain,
    sourceId: `${domain}-${from + k}`,
    attributes: person(from + k),
  }));

async function duck<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    return await work(c);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}
const rows = async (c: DuckDBConnection, sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJS();

describe('the crosswalk as Parquet', () => {
  let t: TestApp;
  let matchers: string;
  let beforeChanges: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'joinery-xref-parquet-'));

  beforeAll(async () => {
    // name, email, ssn and the street (address.line1) are personal data; the city and visits are not.
    matchers = writeMatchersDir({ person: PII_PERSON_MATCHER });
    t = await startTestApp({ MATCHERS_DIR: matchers, KAFKA_BROKERS: undefined });
    await applyChanges(t.app, 'person', people(0, 1500, 'crm'));
    await applyChanges(t.app, 'person', people(0, 1000, 'billing')); // billing-i joins crm-i
    beforeChanges = await dbNow(t.app);
    await applyChanges(t.app, 'person', [
      { domain: 'billing', sourceId: 'billing-3', op: 'delete' },
      { domain: 'billing', sourceId: 'billing-4', attributes: person(5) }, // moves to crm-5's entity
    ]);
  });
  afterAll(() => t?.close());

  const parquet = async (query: string): Promise<string> => {
    const res = await request(t.app.getHttpServer()).get(`${ROUTE}?${query}`).buffer(true).parse(binaryBody);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.apache.parquet');
    expectToMatchSpec(res, 'get', ROUTE);
    const file = path.join(dir, `${query.replace(/[^a-z0-9]/gi, '_')}.parquet`);
    writeFileSync(file, res.body as Buffer);
    return file;
  };
  /** `joinery export` on the test's database and matchers, as a user runs it. */
  const exportCli = async (args: string[]): Promise<number> => {
    const saved = { DATABASE_URL: process.env.DATABASE_URL, MATCHERS_DIR: process.env.MATCHERS_DIR };
    process.env.DATABASE_URL = t.db.url;
    process.env.MATCHERS_DIR = matchers;
    try {
      return await exportCommand.run(args);
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  };
  const ndjson = async (query: string) => {
    const res = await request(t.app.getHttpServer()).get(`${ROUTE}?${query}`).buffer(true).parse(textBody);
    return textOf(res)!
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, string>);
  };

  it('GET ?format=parquet holds exactly the ndjson export, in row groups of rowGroupRows', async () => {
    const file = await parquet('entityType=person&format=parquet&rowGroupRows=2048');
    const expected = (await ndjson('entityType=person')).map((l) => ({
      cursor: l.cursor,
      golden_id: l.goldenId,
      domain: l.domain,
      source_id: l.sourceId,
      linked_at: l.linkedAt,
    }));
    expect(expected).toHaveLength(2499);
    await duck(async (c) => {
      const got = await rows(
        c,
        `SELECT cursor::varchar AS cursor, golden_id, domain, source_id,
                strftime(linked_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ') AS linked_at
           FROM '${file}' t ORDER BY t.cursor`,
      );
      expect(got).toEqual(expected);
      const groups = await rows(
        c,
        `SELECT count(DISTINCT row_group_id)::int AS n FROM parquet_metadata('${file}')`,
      );
      expect(groups).toEqual([{ n: 2 }]); // 2,048 + 451
    });
  });

  it('the CLI writes the same snapshot, and DuckDB joins two domains through it', async () => {
    const out = path.join(dir, 'cli');
    expect(await exportCli(['--out', out, '--format', 'parquet'])).toBe(0);
    expect(readdirSync(out)).toEqual(['person.parquet']);
    const xref = path.join(out, 'person.parquet');
    await duck(async (c) => {
      // Two domains' own tables: CRM customers with a segment, billing invoices by account.
      await c.run(`CREATE TABLE customers AS
        SELECT 'crm-' || i AS customer_id, CASE WHEN i % 10 = 0 THEN 'enterprise' ELSE 'smb' END AS segment
          FROM range(1500) t(i)`);
      await c.run(`CREATE TABLE invoices AS
        SELECT 'inv-' || i AS invoice_id, 'billing-' || i AS account_id, i * 1.5 AS amount FROM range(1000) t(i)`);
      // The recipe of docs/xref.md: invoices of the enterprise customers, through golden ids.
      const joined = await rows(
        c,
        `SELECT c.customer_id, i.invoice_id
           FROM customers c
           JOIN read_parquet('${xref}') xc ON xc.domain = 'crm' AND xc.source_id = c.customer_id
           JOIN read_parquet('${xref}') xb ON xb.golden_id = xc.golden_id AND xb.domain = 'billing'
           JOIN invoices i ON i.account_id = xb.source_id
          WHERE c.segment = 'enterprise'
          ORDER BY c.customer_id, i.invoice_id`,
      );
      const expected = Array.from({ length: 100 }, (_, k) => k * 10)
        .map((i) => ({ customer_id: `crm-${i}`, invoice_id: `inv-${i}` }))
        .sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1));
      expect(joined).toEqual(expected);
      // billing-4 moved to person 5's entity: crm-5 now has two invoices, crm-4 none; billing-3 is gone.
      const moved = await rows(
        c,
        `SELECT xc.source_id AS crm, list_sort(list(xb.source_id)) AS billing
           FROM read_parquet('${xref}') xc JOIN read_parquet('${xref}') xb
             ON xb.golden_id = xc.golden_id AND xb.domain = 'billing'
          WHERE xc.domain = 'crm' AND xc.source_id IN ('crm-3', 'crm-4', 'crm-5') GROUP BY 1 ORDER BY 1`,
      );
      expect(moved).toEqual([{ crm: 'crm-5', billing: ['billing-4', 'billing-5'] }]);
    });
  });

  it('a delta file (since) holds the changes, and replaying it onto the earlier snapshot gives the current one', async () => {
    const earlier = await parquet(`entityType=person&format=parquet&asOf=${beforeChanges}`);
    const delta = await parquet(`entityType=person&format=parquet&since=${beforeChanges}`);
    const current = await parquet('entityType=person&format=parquet');
    await duck(async (c) => {
      const ops = await rows(c, `SELECT op, domain, source_id FROM '${delta}' ORDER BY cursor, changed_at`);
      expect(ops).toEqual(
        expect.arrayContaining([
          { op: 'removed', domain: 'billing', source_id: 'billing-3' },
          { op: 'removed', domain: 'billing', source_id: 'billing-4' },
          { op: 'added', domain: 'billing', source_id: 'billing-4' },
        ]),
      );
      // Incremental sync in SQL: the earlier snapshot minus the removed memberships plus the added ones.
      const replayed = await rows(
        c,
        `SELECT golden_id, domain, source_id FROM '${earlier}'
         EXCEPT SELECT golden_id, domain, source_id FROM '${delta}' WHERE op = 'removed'
         UNION SELECT golden_id, domain, source_id FROM '${delta}' WHERE op = 'added'
         ORDER BY domain, source_id`,
      );
      expect(replayed).toEqual(
        await rows(c, `SELECT golden_id, domain, source_id FROM '${current}' ORDER BY domain, source_id`),
      );
    });
  });

  it('the CLI writes the golden attributes, personal data left out (--what golden)', async () => {
    const out = path.join(dir, 'golden');
    expect(await exportCli(['--what', 'golden', '--out', out])).toBe(0);
    const file = path.join(out, 'person.golden.parquet');
    await duck(async (c) => {
      const columns = await rows(
        c,
        `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '${file}')`,
      );
      expect(columns).toEqual([
        { column_name: 'entity_type', column_type: 'VARCHAR' },
        { column_name: 'golden_id', column_type: 'VARCHAR' },
        { column_name: 'version', column_type: 'BIGINT' },
        { column_name: 'member_count', column_type: 'BIGINT' },
        { column_name: 'updated_at', column_type: 'TIMESTAMP WITH TIME ZONE' },
        { column_name: 'address.city', column_type: 'VARCHAR' },
        { column_name: 'visits', column_type: 'VARCHAR' },
      ]);
      // crm-0..1499, billing-0..999 joined them; billing-4 moved to crm-5's entity: 1,500 entities.
      const [summary] = await rows(
        c,
        `SELECT count(*)::int AS n, sum(member_count)::int AS members FROM '${file}'`,
      );
      expect(summary).toEqual({ n: 1500, members: 2499 });
      const golden = (await ndjson('entityType=person')).find((l) => l.sourceId === 'crm-7')!.goldenId;
      const [crm7] = await rows(
        c,
        `SELECT "address.city" AS city, visits, member_count::int AS members FROM '${file}' WHERE golden_id = '${golden}'`,
      );
      expect(crm7).toEqual({ city: 'City 1', visits: '2', members: 2 });
    });
  });

  it('refuses a bad rowGroupRows with a reason, as a 400', async () => {
    const res = await request(t.app.getHttpServer()).get(
      `${ROUTE}?entityType=person&format=parquet&rowGroupRows=5`,
    );
    expect(res.status).toBe(400);
    expectToMatchSpec(res, 'get', ROUTE);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'rowGroupRows' })]);
  });
});
