/**
 * Builds the cross-reference bench's data set straight in SQL (INSERT ... SELECT generate_series),
 * in a database of its own: N person records (1,000,000 by default) in two domains (crm:C-n and
 * billing:B-n), linked pairwise into N / 2 active golden entities with survived names, and N / 20
 * earlier intervals closed by merges (their younger ids retired), so "as of" answers have history
 * to read.
 */
import { Client } from 'pg';
import { runMigrations } from '../../src/platform/database/migrate';

export interface XrefDataSize {
  records: number;
  goldens: number;
  /** Billing records 1..merged first had a golden entity of their own, merged into crm's an hour later. */
  merged: number;
}

export function dataSize(records: number): XrefDataSize {
  if (!Number.isInteger(records) || records < 2 || records % 2 !== 0)
    throw new Error(`--records: an even number of at least 2, not ${records}`);
  return { records, goldens: records / 2, merged: Math.floor(records / 20) };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  await admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin(adminUrl, `CREATE DATABASE "${name}"`);
  const url = withDatabase(adminUrl, name);
  await runMigrations(url);
  return url;
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Edsger',
  'Barbara',
  'Donald',
  'Margaret',
  'Ken',
  'Radia',
  'Tim',
  'Frances',
  'John',
  'Hedy',
  'Dennis',
  'Katherine',
  'Niklaus',
  'Leslie',
  'Sophie',
  'Linus',
  'Anita',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Hamilton',
  'Thompson',
  'Perlman',
  'Berners-Lee',
  'Allen',
  'Backus',
  'Lamarr',
  'Ritchie',
  'Johnson',
  'Wirth',
  'Lamport',
  'Wilson',
  'Torvalds',
  'Borg',
  'Stone',
  'Shannon',
  'Church',
  'Codd',
  'Kay',
  'Cerf',
  'Kahn',
  'Goldberg',
  'Engelbart',
  'Sutherland',
];

const sqlArray = (values: string[]): string => `ARRAY[${values.map((v) => `'${v}'`).join(',')}]`;

/** golden id of entity g: a UUID, as resolution makes them. */
const goldenOf = (g: string): string => `md5('g' || ${g})::uuid::text`;
const retiredOf = (g: string): string => `md5('r' || ${g})::uuid::text`;
/** "First Last 123": names repeat across entities, the number keeps each one findable. */
const nameOf = (g: string): string =>
  `(${sqlArray(FIRST)})[1 + ${g} % ${FIRST.length}] || ' ' || (${sqlArray(LAST)})[1 + (${g} / ${FIRST.length}) % ${LAST.length}] || ' ' || ${g}`;

/** The load, statement by statement; each returns after its rows and indexes are written. */
const loadStatements = ({ records, goldens, merged }: XrefDataSize): Array<[string, string]> => [
  [
    'source_records',
    `INSERT INTO source_records (id, entity_type, domain, source_id, attributes, "references", occurred_at, last_event_id, created_at, updated_at)
     SELECT i, 'person', CASE WHEN i % 2 = 1 THEN 'crm' ELSE 'billing' END,
            CASE WHEN i % 2 = 1 THEN 'C-' ELSE 'B-' END || ((i + 1) / 2),
            jsonb_build_object('name', ${nameOf('((i + 1) / 2)')}), '[]'::jsonb, now() - interval '2 days', 'bench-' || i,
            now() - interval '2 days', now() - interval '2 days'
       FROM generate_series(1, ${records}) AS i`,
  ],
  ['source_records sequence', `SELECT setval('source_records_id_seq', ${records})`],
  [
    'golden_entities (active)',
    `INSERT INTO golden_entities (golden_id, entity_type, status, version, attributes, member_count, created_at, updated_at)
     SELECT ${goldenOf('g')}, 'person', 'active', CASE WHEN g <= ${merged} THEN 3 ELSE 2 END,
            jsonb_build_object('name', jsonb_build_object('value', ${nameOf('g')}, 'recordId', (2 * g - 1)::text,
                                                          'domain', 'crm', 'sourceId', 'C-' || g)),
            2, now() - interval '2 days', now() - interval '1 day'
       FROM generate_series(1, ${goldens}) AS g`,
  ],
  [
    'golden_entities (retired)',
    `INSERT INTO golden_entities (golden_id, entity_type, status, version, survivor_id, attributes, member_count, created_at, updated_at)
     SELECT ${retiredOf('g')}, 'person', 'retired', 2, ${goldenOf('g')}, '{}'::jsonb, 0,
            now() - interval '2 days', now() - interval '1 day'
       FROM generate_series(1, ${merged}) AS g`,
  ],
  [
    'golden_memberships (closed by merges)',
    `INSERT INTO golden_memberships (golden_id, record_id, entity_type, domain, source_id, cause, valid_from, valid_to)
     SELECT ${retiredOf('g')}, 2 * g, 'person', 'billing', 'B-' || g, 'new', now() - interval '2 days', now() - interval '1 day'
       FROM generate_series(1, ${merged}) AS g`,
  ],
  [
    'golden_memberships (current)',
    `INSERT INTO golden_memberships (golden_id, record_id, entity_type, domain, source_id, cause, valid_from)
     SELECT ${goldenOf('((i + 1) / 2)')}, i, 'person', CASE WHEN i % 2 = 1 THEN 'crm' ELSE 'billing' END,
            CASE WHEN i % 2 = 1 THEN 'C-' ELSE 'B-' END || ((i + 1) / 2),
            CASE WHEN i % 2 = 1 THEN 'new' WHEN (i / 2) <= ${merged} THEN 'merge' ELSE 'match' END,
            CASE WHEN i % 2 = 0 AND (i / 2) <= ${merged} THEN now() - interval '1 day' ELSE now() - interval '2 days' END
       FROM generate_series(1, ${records}) AS i`,
  ],
  // What the service's search indexer would have written from the golden events (the bench writes none).
  [
    'golden_search',
    `INSERT INTO golden_search (golden_id, entity_type, search_text)
     SELECT golden_id, entity_type, joinery_golden_search_text(attributes) FROM golden_entities WHERE status = 'active'`,
  ],
  ['vacuum analyze', `VACUUM ANALYZE source_records, golden_entities, golden_memberships, golden_search`],
];

export async function load(url: string, size: XrefDataSize, log: (line: string) => void): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const [label, sql] of loadStatements(size)) {
      const started = Date.now();
      await client.query(sql);
      log(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await client.end();
  }
}

/** `--name=value` → 'value', `--name` → '', absent → undefined. */
export function benchOption(name: string, args = process.argv.slice(2)): string | undefined {
  return (
    args.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))?.split('=')[1] ??
    (args.includes(`--${name}`) ? '' : undefined)
  );
}

/**
 * A bench's main on a loaded database of its own: created and loaded, handed to `work`, dropped
 * afterwards unless --keep; a failure prints its stack and exits 1.
 */
export function runOnLoadedDatabase(
  adminUrl: string,
  name: string,
  size: XrefDataSize,
  work: (url: string) => Promise<void>,
): void {
  const main = async (): Promise<void> => {
    const url = await createDatabase(adminUrl, name);
    try {
      const started = Date.now();
      await load(url, size, console.log);
      console.log(`loaded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      await work(url);
    } finally {
      if (benchOption('keep') === undefined) await dropDatabase(adminUrl, name);
      else console.log(`kept database ${name}`);
    }
  };
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  });
}
