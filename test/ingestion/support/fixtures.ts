import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_DEADLINE_MS, pollUntil } from '../../support/poll';
import { Client } from 'pg';

/**
 * Test data for ingestion: a MATCHERS_DIR of its own (ingestion only needs the entity types to
 * exist, so the configs are small person/account matchers), change-event factories, and SQL counts.
 */
const PERSON_MATCHER = `
description: Test persons (FEBRL-like attributes)
attributes:
  given_name: { normalizers: [person_name] }
  surname: { normalizers: [person_name] }
  date_of_birth: { normalizers: [digits_only] }
  postcode: { normalizers: [digits_only] }
blocking:
  rules:
    - { name: dob, keys: [exact(date_of_birth)] }
    - { name: surname_postcode, keys: [exact(surname), exact(postcode)] }
comparisons:
  - name: given_name
    attribute: given_name
    levels:
      - { kind: null }
      - { kind: exact, m: 0.85, u: 0.005 }
      - { kind: metric, metric: jaro_winkler, threshold: 0.9, m: 0.1, u: 0.01 }
      - { kind: else, m: 0.05, u: 0.985 }
  - name: surname
    attribute: surname
    levels:
      - { kind: null }
      - { kind: exact, m: 0.85, u: 0.002 }
      - { kind: else, m: 0.15, u: 0.998 }
  - name: date_of_birth
    attribute: date_of_birth
    levels:
      - { kind: null }
      - { kind: exact, m: 0.9, u: 0.0001 }
      - { kind: else, m: 0.1, u: 0.9999 }
thresholds: { match: 0.9, review: 0.5 }
prior: 0.0003
`;

/** A fresh directory with `customer.yaml` and `account.yaml`: the entity types the tests use. */
export function testMatchersDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'joinery-matchers-'));
  writeFileSync(path.join(dir, 'customer.yaml'), PERSON_MATCHER);
  writeFileSync(path.join(dir, 'account.yaml'), PERSON_MATCHER.replace('Test persons', 'Test accounts'));
  return dir;
}

export interface EventBody {
  eventId: string;
  domain: string;
  entityType: string;
  sourceId: string;
  op: 'upsert' | 'delete';
  version?: number;
  occurredAt: string;
  attributes?: Record<string, unknown>;
  references?: unknown[];
}

const BASE_TIME = Date.parse('2026-11-25T10:00:00Z');

/** A date of birth that differs between source ids, so test records do not all match each other. */
function dateOfBirth(sourceId: string): string {
  let h = 0;
  for (const c of sourceId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `19${String(10 + (h % 90)).padStart(2, '0')}${String(1 + (h % 12)).padStart(2, '0')}${String(1 + (h % 28)).padStart(2, '0')}`;
}

/** An upsert of customer `sourceId` at `version` (occurredAt grows with the version). */
export function upsert(
  sourceId: string,
  version: number,
  attributes: Record<string, unknown> = {},
  overrides: Partial<EventBody> = {},
): EventBody {
  return {
    eventId: `${sourceId}#v${version}`,
    domain: 'crm',
    entityType: 'customer',
    sourceId,
    op: 'upsert',
    version,
    occurredAt: new Date(BASE_TIME + version * 1000).toISOString(),
    attributes: {
      given_name: `g${sourceId}`,
      surname: `${sourceId} v${version}`,
      date_of_birth: dateOfBirth(sourceId),
      ...attributes,
    },
    ...overrides,
  };
}

export function del(sourceId: string, version: number, overrides: Partial<EventBody> = {}): EventBody {
  return {
    eventId: `${sourceId}#delete-v${version}`,
    domain: 'crm',
    entityType: 'customer',
    sourceId,
    op: 'delete',
    version,
    occurredAt: new Date(BASE_TIME + version * 1000).toISOString(),
    ...overrides,
  };
}

/** Runs one query on the test database. */
export async function sql<T = Record<string, unknown>>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function count(
  url: string,
  table: 'source_records' | 'source_record_history' | 'processed_events',
  where = 'true',
): Promise<number> {
  const [row] = await sql<{ n: string }>(url, `SELECT count(*)::text AS n FROM ${table} WHERE ${where}`);
  return Number(row.n);
}

/** Polls `check` until it returns true (test/support/poll.ts: generous, scaled deadlines). */
export async function expectEventually(
  check: () => Promise<boolean>,
  timeoutMs = DEFAULT_DEADLINE_MS,
  what = 'condition',
): Promise<void> {
  await pollUntil(what, check, (ok) => ok, timeoutMs, 100);
}
