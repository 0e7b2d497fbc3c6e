import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { PERSON_MATCHER, writeMatchersDir } from '../support/matchers';
import { expectToMatchSpec } from '../support/openapi';
import { applyChanges, OutboxEvent, outboxEvents } from '../support/resolution-harness';

/**
 * Test data for the steward routes. With PERSON_MATCHER, two records with the same name and birth
 * date but different emails and national ids score p ≈ 0.88: between the review (0.5) and match
 * (0.95) thresholds, so they become a review item and stay apart.
 */
export const adaCrm = {
  name: 'Ada Lovelace',
  dob: '1815-12-10',
  email: 'ada@crm.example',
  ssn: '111',
};
export const adaBilling = {
  name: 'Ada Lovelace',
  dob: '1815-12-10',
  email: 'countess@billing.example',
  ssn: '999',
};

/** Another review-band pair (crm:C-<n>, billing:B-<n>) for another person: no link to any other pair. */
export async function reviewPair(app: INestApplication, n: number, name: string): Promise<void> {
  const dob = `19${10 + n}-01-01`;
  await upsert(app, 'crm', `C-${n}`, { name, dob, email: `${n}@crm.example`, ssn: `1${n}` });
  await upsert(app, 'billing', `B-${n}`, { name, dob, email: `${n}@billing.example`, ssn: `9${n}` });
}

/** Records that link automatically (same national id and email) when they share a person. */
export const ada = { name: 'Ada Lovelace', ssn: '111', email: 'ada@example.com' };
export const grace = { name: 'Grace Hopper', ssn: '222', email: 'grace@example.com' };

/** Three records of one person in one golden entity; returns its id. */
export async function adaTrio(app: INestApplication): Promise<string> {
  await upsert(app, 'crm', 'C-1', ada);
  await upsert(app, 'billing', 'B-1', ada);
  return upsert(app, 'support', 'S-1', ada);
}

/** A JSON response body (already checked against openapi.yaml by `call`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResponseBody = Record<string, any>;

/** The audit entries about one target, newest first. */
export async function auditOf(app: INestApplication, target: string): Promise<ResponseBody[]> {
  return (await call(app, 'get', '/v1/audit', {}, undefined, `target=${target}`)).body.items;
}

export const recordKey = (domain: string, sourceId: string) => ({ entityType: 'person', domain, sourceId });

/** PERSON_MATCHER with other thresholds, for "the matcher changed" tests. */
export function personMatcherWith(thresholds: { match: number; review: number }): string {
  const original = 'thresholds: { match: 0.95, review: 0.5 }';
  if (!PERSON_MATCHER.includes(original)) throw new Error('PERSON_MATCHER thresholds moved');
  return PERSON_MATCHER.replace(
    original,
    `thresholds: { match: ${thresholds.match}, review: ${thresholds.review} }`,
  );
}

export const stewardEnv = (matcher = PERSON_MATCHER) => ({
  MATCHERS_DIR: writeMatchersDir({ person: matcher }),
  KAFKA_BROKERS: undefined,
});

export async function upsert(
  app: INestApplication,
  domain: string,
  sourceId: string,
  attributes: Record<string, unknown>,
): Promise<string> {
  const result = await applyChanges(app, 'person', [{ domain, sourceId, attributes }]);
  return [...result.values()][0]!;
}

export async function goldenOf(app: INestApplication, domain: string, sourceId: string): Promise<string> {
  const [row]: Array<{ golden_id: string }> = await app
    .get(DataSource)
    .query(
      `SELECT golden_id FROM resolution_records WHERE entity_type = 'person' AND domain = $1 AND source_id = $2`,
      [domain, sourceId],
    );
  return row.golden_id;
}

/**
 * Outbox events written after `since` events (the count before the action), without no-op
 * `golden.attributes-changed` events: resolution currently compares survived attributes key order
 * included (jsonb order against sorted order), so a recomputation that changes nothing can publish
 * one whose before equals its after. Any event that says something is kept.
 */
export async function eventsAfter(app: INestApplication, since: number): Promise<OutboxEvent[]> {
  return (await outboxEvents(app))
    .slice(since)
    .filter((e) => e.type !== 'golden.attributes-changed' || !sameValues(e.payload.before, e.payload.after));
}

function sameValues(x: unknown, y: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, w]) => [k, canonical(w)]),
        )
      : v;
  return JSON.stringify(canonical(x)) === JSON.stringify(canonical(y));
}

/** The edge between two records, if any: its kind. */
export async function edgeKind(
  app: INestApplication,
  x: { domain: string; sourceId: string },
  y: { domain: string; sourceId: string },
): Promise<string | null> {
  const [row]: Array<{ kind: string }> = await app.get(DataSource).query(
    `SELECT e.kind FROM match_edges e
       JOIN resolution_records a ON a.record_id IN (e.record_a, e.record_b)
       JOIN resolution_records b ON b.record_id IN (e.record_a, e.record_b) AND b.record_id <> a.record_id
      WHERE a.domain = $1 AND a.source_id = $2 AND b.domain = $3 AND b.source_id = $4`,
    [x.domain, x.sourceId, y.domain, y.sourceId],
  );
  return row?.kind ?? null;
}

type Method = 'get' | 'post' | 'delete';

/**
 * A request that is checked against openapi.yaml: `call(app, 'post', '/v1/review/{id}/decision',
 * { id: 3 }, body)` expects the status and returns the response.
 */
export async function call(
  app: INestApplication,
  method: Method,
  template: string,
  params: Record<string, string | number> = {},
  body?: unknown,
  query = '',
): Promise<request.Response> {
  const path = template.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(String(params[k])));
  const url = query ? `${path}?${query}` : path;
  const agent = request(app.getHttpServer());
  const req = method === 'get' ? agent.get(url) : method === 'post' ? agent.post(url) : agent.delete(url);
  const res = body === undefined ? await req : await req.send(body as object);
  expectToMatchSpec(res, method, template);
  return res;
}
