import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PERSON_MATCHER, writeMatchersDir } from '../support/matchers';
import { applyChanges } from '../support/resolution-harness';

/**
 * Scenarios for the cross-reference tests, built through real resolution (applyChanges): merges,
 * splits, retirement chains and deletes, with the database time between steps so `asOf` can name
 * "before" and "after" each change exactly.
 */

/** Accounts link on an exact IBAN; an account's owner is a person reference. */
export const ACCOUNT_MATCHER = `
description: test accounts
attributes:
  iban: { normalizers: [digits_only] }
blocking:
  max_block_size: 50
  rules:
    - { name: iban, keys: [exact(iban)] }
comparisons:
  - name: iban
    attribute: iban
    levels:
      - { kind: null }
      - { kind: exact, m: 0.99, u: 0.00001 }
      - { kind: else, m: 0.01, u: 0.99999 }
thresholds: { match: 0.95, review: 0.5 }
prior: 0.001
`;

export const xrefMatchersDir = (): string =>
  writeMatchersDir({ person: PERSON_MATCHER, account: ACCOUNT_MATCHER });

/** The database clock (microseconds, UTC): strictly between the transactions before and after it. */
export async function dbNow(app: INestApplication): Promise<string> {
  const [row]: Array<{ t: string }> = await app
    .get(DataSource)
    .query(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`);
  return row.t;
}

export async function upsert(
  app: INestApplication,
  entityType: string,
  domain: string,
  sourceId: string,
  attributes: Record<string, unknown>,
): Promise<string> {
  const result = await applyChanges(app, entityType, [{ domain, sourceId, attributes }]);
  return [...result.values()][0]!;
}

export async function remove(
  app: INestApplication,
  entityType: string,
  domain: string,
  sourceId: string,
): Promise<void> {
  await applyChanges(app, entityType, [{ domain, sourceId, op: 'delete' }]);
}

export interface Reference {
  entityType: string;
  domain: string;
  sourceId: string;
  role?: string;
}

/** Sets a record's references as ingestion would: current state plus a history row applied now. */
export async function setReferences(
  app: INestApplication,
  entityType: string,
  domain: string,
  sourceId: string,
  references: Reference[],
): Promise<void> {
  const ds = app.get(DataSource);
  await ds.transaction(async (m) => {
    const [row]: Array<{ id: string; attributes: unknown }> = await m.query(
      `SELECT id::text, attributes FROM source_records WHERE entity_type = $1 AND domain = $2 AND source_id = $3`,
      [entityType, domain, sourceId],
    );
    await m.query(`UPDATE source_records SET "references" = $2 WHERE id = $1`, [
      row.id,
      JSON.stringify(references),
    ]);
    await m.query(
      `INSERT INTO source_record_history (record_id, event_id, op, occurred_at, attributes, "references")
       VALUES ($1, gen_random_uuid()::text, 'upsert', now(), $2, $3)`,
      [row.id, JSON.stringify(row.attributes), JSON.stringify(references)],
    );
  });
}

export interface MergeScenario {
  older: string;
  younger: string;
  /** Before the merge: crm:C-1 in `older`, billing:B-1 alone in `younger`. */
  beforeMerge: string;
  /** After the merge: all three in `older`. */
  afterMerge: string;
}

/** crm:C-1 and billing:B-1 start apart; support:S-1 shares C-1's ssn and B-1's email and merges them. */
export async function mergeScenario(app: INestApplication): Promise<MergeScenario> {
  const older = await upsert(app, 'person', 'crm', 'C-1', { name: 'Ada Lovelace', ssn: '111' });
  const younger = await upsert(app, 'person', 'billing', 'B-1', {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
  });
  const beforeMerge = await dbNow(app);
  await upsert(app, 'person', 'support', 'S-1', {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    ssn: '111',
  });
  const afterMerge = await dbNow(app);
  return { older, younger, beforeMerge, afterMerge };
}

export interface SplitScenario {
  goldenId: string;
  /** The id billing:B-1 got when it split off. */
  splitId: string;
  beforeSplit: string;
  afterSplit: string;
}

/** Three records held together by support:S-1; S-1 loses its email and billing:B-1 splits off. */
export async function splitScenario(app: INestApplication): Promise<SplitScenario> {
  await upsert(app, 'person', 'crm', 'C-2', { name: 'Grace Hopper', ssn: '222' });
  await upsert(app, 'person', 'support', 'S-2', {
    name: 'Grace Hopper',
    email: 'grace@example.com',
    ssn: '222',
  });
  const goldenId = await upsert(app, 'person', 'billing', 'B-2', {
    name: 'Grace Hopper',
    email: 'grace@example.com',
  });
  const beforeSplit = await dbNow(app);
  await upsert(app, 'person', 'support', 'S-2', { name: 'Grace Hopper', ssn: '222' });
  const afterSplit = await dbNow(app);
  const [row]: Array<{ golden_id: string }> = await app
    .get(DataSource)
    .query(
      `SELECT golden_id FROM golden_memberships WHERE domain = 'billing' AND source_id = 'B-2' AND valid_to IS NULL`,
    );
  return { goldenId, splitId: row.golden_id, beforeSplit, afterSplit };
}

/**
 * A retirement chain young → mid → old: W-1 merges young into mid (the older of the two), then
 * W-2 merges mid into old.
 */
export async function chainScenario(
  app: INestApplication,
): Promise<{ old: string; mid: string; young: string }> {
  const old = await upsert(app, 'person', 'crm', 'O-1', { name: 'Olga Stone', ssn: '500' });
  const mid = await upsert(app, 'person', 'billing', 'M-1', {
    name: 'Olga Stone',
    email: 'olga@example.com',
  });
  const young = await upsert(app, 'person', 'support', 'Y-1', { name: 'Olga Stone', dob: '1990-01-01' });
  await upsert(app, 'person', 'web', 'W-1', {
    name: 'Olga Stone',
    email: 'olga@example.com',
    dob: '1990-01-01',
  });
  await upsert(app, 'person', 'shop', 'W-2', { name: 'Olga Stone', ssn: '500', email: 'olga@example.com' });
  return { old, mid, young };
}
