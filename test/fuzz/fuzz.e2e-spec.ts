import fc from 'fast-check';
import type { AddressInfo } from 'node:net';
import { ERROR_CODES } from '../../src/platform/common/errors/error-codes';
import { startTestApp, TEST_ADMIN_KEY, TestApp } from '../support/app';
import { sql, testMatchersDir, upsert } from '../ingestion/support/fixtures';
import { FuzzRequest, requestArb } from './generators';
import { loadOperations } from './routes';

/**
 * Hostile and malformed requests against every route of openapi.yaml, as each role and as nobody:
 * every answer is below 500, every 4xx carries a code of the error-code list, nothing is left
 * half-applied, and the process's memory stays bounded. FUZZ_REQUESTS sets the size (CI: 2,500,
 * about a minute; `npm run fuzz`: 100,000), FUZZ_SEED replays a run.
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2500);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CONCURRENCY = 8;
const CHUNK = 500;
const RSS_GROWTH_LIMIT_MB = Number(process.env.FUZZ_RSS_LIMIT_MB ?? 768);
const CODES: ReadonlySet<string> = new Set(ERROR_CODES);

interface Outcome {
  request: FuzzRequest;
  status: number;
  body: unknown;
}

describe(`fuzz: ${REQUESTS} hostile requests on every route (seed ${SEED})`, () => {
  let t: TestApp;
  let base: string;
  const keys: Record<string, string> = { admin: TEST_ADMIN_KEY };
  const keyIds = new Set<string>();
  const goldenIds: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      KAFKA_BROKERS: undefined,
      MATCHERS_DIR: testMatchersDir(),
      // Limits are tested on their own (test/security); here they would hide every other answer.
      RATE_LIMIT_PER_MINUTE: '1000000000',
      AUTH_FAILURES_PER_MINUTE: '1000000000',
    });
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const role of ['reader', 'ingest', 'steward']) {
      const res = await send({
        method: 'POST',
        path: '/v1/admin/keys',
        role: 'admin',
        headers: json(TEST_ADMIN_KEY),
        body: Buffer.from(JSON.stringify({ name: `fuzz-${role}`, role })),
        eventIds: [],
      });
      const created = res.body as { key: string; id: string };
      keys[role] = created.key;
      keyIds.add(created.id);
    }
    // Some real data, so ids in paths sometimes exist and the deeper code runs.
    const seed = Array.from({ length: 20 }, (_, i) => upsert(`F-${i + 1}`, 1));
    const res = await send({
      method: 'POST',
      path: '/v1/events',
      role: 'ingest',
      headers: json(keys.ingest),
      body: Buffer.from(JSON.stringify({ events: seed })),
      eventIds: [],
    });
    for (const r of (res.body as { results: Array<{ goldenId?: string }> }).results)
      if (r.goldenId) goldenIds.push(r.goldenId);
  });
  afterAll(() => t?.close());

  const json = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

  async function send(request: FuzzRequest): Promise<Outcome> {
    const res = await fetch(`${base}${request.path}`, {
      method: request.method,
      headers: request.headers,
      body: request.method === 'GET' ? undefined : (request.body ?? undefined),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: judged below
    }
    return { request, status: res.status, body };
  }

  it(
    'answers below 500, with a listed code on every 4xx, leaving nothing half-applied, in bounded memory',
    async () => {
      const arb = requestArb(
        loadOperations(),
        keys,
        fc.oneof(
          fc.constantFrom('customer', 'crm', 'F-1', 'F-2', '1', '2'),
          fc.constantFrom(...(goldenIds.length ? goldenIds : ['none'])),
        ),
      );
      const failures: Outcome[] = [];
      const statuses = new Map<string, number>();
      const committed = new Set<string>();
      const refused = new Set<string>();
      const rssStart = process.memoryUsage().rss;
      let rssMax = rssStart;
      for (let done = 0, chunk = 0; done < REQUESTS; chunk++) {
        const batch = fc.sample(arb, { numRuns: Math.min(CHUNK, REQUESTS - done), seed: SEED + chunk });
        done += batch.length;
        let next = 0;
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (next < batch.length) {
              const request = batch[next++];
              // Never revoke the fuzzer's own keys (DELETE /v1/admin/keys/{id}).
              if (
                request.method === 'DELETE' &&
                [...keyIds].some((id) => request.path.startsWith(`/v1/admin/keys/${id}`))
              )
                continue;
              const outcome = await send(request).catch((e: unknown): Outcome => ({
                request,
                status: 599,
                body: { network: String((e as Error).cause ?? e) },
              }));
              const code = (outcome.body as { code?: unknown } | null)?.code;
              const label = `${outcome.status} ${typeof code === 'string' ? code : ''}`.trim();
              statuses.set(label, (statuses.get(label) ?? 0) + 1);
              if (
                outcome.status >= 500 ||
                (outcome.status >= 400 && !(typeof code === 'string' && CODES.has(code)))
              )
                failures.push(outcome);
              if (request.path.startsWith('/v1/events') && request.method === 'POST') {
                if (outcome.status === 200) {
                  for (const r of (
                    outcome.body as { results: Array<{ eventId: string | null; status: string }> }
                  ).results)
                    if (r.eventId !== null && r.status !== 'rejected') committed.add(r.eventId);
                } else request.eventIds.forEach((id) => refused.add(id));
              }
            }
          }),
        );
        rssMax = Math.max(rssMax, process.memoryUsage().rss);
        // A progress line every 10,000 requests, so a long run shows where it is (and what it found).
        if (done % 10_000 < CHUNK)
          process.stderr.write(
            `[fuzz] ${done}/${REQUESTS} requests, ${failures.length} failures, max RSS ${mb(rssMax)} MB\n`,
          );
      }
      const report = [...statuses]
        .sort((a, b) => b[1] - a[1])
        .map(([s, n]) => `${n}\t${s}`)
        .join('\n');
      console.log(
        `fuzz seed ${SEED}: ${REQUESTS} requests; RSS ${mb(rssStart)} → max ${mb(rssMax)} MB\n${report}`,
      );
      expect(failures.slice(0, 5).map(describeFailure)).toEqual([]);

      // Nothing half-applied: each committed event is in the ledger; a refused request left no event behind.
      const ledger = new Set(
        (await sql<{ event_id: string }>(t.db.url, 'SELECT event_id FROM processed_events')).map(
          (r) => r.event_id,
        ),
      );
      expect([...committed].filter((id) => !ledger.has(id))).toEqual([]);
      expect([...refused].filter((id) => ledger.has(id) && !committed.has(id))).toEqual([]);
      const [broken] = await sql<{ orphans: number; memberless: number; unledgered: number }>(
        t.db.url,
        `SELECT
         (SELECT count(*)::int FROM source_records s WHERE NOT s.deleted AND NOT EXISTS
            (SELECT 1 FROM golden_memberships m WHERE m.record_id = s.id AND m.valid_to IS NULL)) AS orphans,
         (SELECT count(*)::int FROM golden_entities g WHERE g.status = 'active' AND NOT EXISTS
            (SELECT 1 FROM golden_memberships m WHERE m.golden_id = g.golden_id AND m.valid_to IS NULL)) AS memberless,
         (SELECT count(*)::int FROM source_records s WHERE NOT EXISTS
            (SELECT 1 FROM processed_events p WHERE p.event_id = s.last_event_id)) AS unledgered`,
      );
      expect(broken).toEqual({ orphans: 0, memberless: 0, unledgered: 0 });
      expect((rssMax - rssStart) / 2 ** 20).toBeLessThan(RSS_GROWTH_LIMIT_MB);
    },
    60_000 + REQUESTS * 100,
  );
});

const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);

function describeFailure(o: Outcome): string {
  const body = o.request.body ? o.request.body.subarray(0, 300).toString('latin1') : '';
  return `${o.status} ${o.request.method} ${o.request.path.slice(0, 300)} as ${o.request.role} ${JSON.stringify(o.request.headers).slice(0, 300)} body=${JSON.stringify(body)} → ${JSON.stringify(o.body).slice(0, 300)}`;
}
