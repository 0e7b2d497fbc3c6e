import { parseArgs } from 'node:util';
import { EVENT_LIMITS } from '../../core/ingestion/change-event.rules';
import { ENTITY_TYPES, SyntheticDataset, type EntityType } from '../generator';
import { CliCommand, UsageError } from '../cli-command';

const USAGE = `Usage: npm run demo [-- --url URL] [--records N] [--seed S]

Sends a small synthetic dataset (seeded customers, accounts and products over 3 domains, some of them
known to several domains under different spellings) to a running Joinery through POST /v1/events, so
the steward console and the API have something to show: golden entities, cross-references, and open
review items. Sending it again changes nothing (the event ids are the same).

Options:
  --url URL      the running service (default http://localhost:$PORT, PORT defaulting to 3000)
  --records N    source records per entity type, 10-5000 (default 200)
  --seed S       any integer (default 1)

The key is ADMIN_API_KEY (or any ingest key in JOINERY_API_KEY).`;

interface IngestResponse {
  results: Array<{ status: string; goldenId?: string | null }>;
}

interface DemoOptions {
  url: string;
  key: string;
  records: number;
  seed: number;
}

function parse(args: string[]): DemoOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        url: { type: 'string', default: `http://localhost:${process.env.PORT ?? 3000}` },
        records: { type: 'string', default: '200' },
        seed: { type: 'string', default: '1' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const records = Number(values.records);
  if (!Number.isInteger(records) || records < 10 || records > 5000)
    throw new UsageError(`--records must be an integer from 10 to 5000, got ${values.records}`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got ${values.seed}`);
  const key = process.env.JOINERY_API_KEY ?? process.env.ADMIN_API_KEY;
  if (!key)
    throw new UsageError('set ADMIN_API_KEY (the key the service was started with) or JOINERY_API_KEY');
  return { url: values.url.replace(/\/$/, ''), key, records, seed };
}

async function call<T>(options: DemoOptions, method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${options.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${options.key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new Error(`cannot reach Joinery at ${options.url} (${String(e)}): is \`npm start\` running?`);
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

async function sendType(options: DemoOptions, entityType: EntityType): Promise<Map<string, number>> {
  const dataset = new SyntheticDataset({
    entityType,
    records: options.records,
    domains: 3,
    seed: options.seed,
  });
  const statuses = new Map<string, number>();
  const goldenIds = new Set<string>();
  const events = [...dataset.events({ updates: Math.floor(options.records / 10) })];
  for (let i = 0; i < events.length; i += EVENT_LIMITS.maxBatchEvents) {
    const batch = events.slice(i, i + EVENT_LIMITS.maxBatchEvents);
    const { results } = await call<IngestResponse>(options, 'POST', '/v1/events', { events: batch });
    for (const r of results) {
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (r.goldenId) goldenIds.add(r.goldenId);
    }
  }
  const counts = [...statuses].map(([status, n]) => `${n} ${status}`).join(', ');
  console.log(
    `${entityType}: ${events.length} events (${counts}), ${goldenIds.size} golden entities touched`,
  );
  return statuses;
}

export const command: CliCommand = {
  name: 'demo',
  summary: 'send a small synthetic dataset to a running Joinery, for the console and the API',
  usage: USAGE,
  async run(args) {
    const options = parse(args);
    let rejected = 0;
    for (const entityType of ENTITY_TYPES)
      rejected += (await sendType(options, entityType)).get('rejected') ?? 0;
    const stats = await call<{ openByAge: { total: number } }>(options, 'GET', '/v1/review/stats');
    console.log(`review queue: ${stats.openByAge.total} open items`);
    console.log(`steward console: ${options.url}/console (sign in with the same key)`);
    return rejected > 0 ? 1 : 0;
  },
};
