/**
 * Accuracy as the running service serves it: a fresh database, the service started on it with the
 * bench's matcher configs, the dataset's records sent as change events over REST, the corpus
 * statistics refreshed, and the crosswalk read back through the export and scored pairwise against
 * the ground truth. This is the figure that counts: what a consumer of the crosswalk gets.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { EVENT_LIMITS } from '../../src/core/ingestion/change-event.rules';
import type { BenchDataset } from '../datasets';
import { scoreClusters, type ClusterScore } from '../evaluate';
import { createDatabase, REPO, startService, type Service } from '../ingest-env';
import { RequestRefusedError, ServiceClient, type ChangeEvent } from './client';

export interface ServedOptions {
  /** Admin URL of the PostgreSQL server the fresh database is created on. */
  adminUrl?: string;
  /** Prefix of the database's name. */
  databasePrefix?: string;
  /** The service's entry point: dist/src/main.js unless given (the tests pass their own build). */
  serviceMain?: string;
  /** Folder of the matcher configs, one per dataset entity type. */
  matchersDir?: string;
  /** Events per POST /v1/events (at most 1,000). */
  batchSize?: number;
  /** The key the bench sends; the service's ADMIN_API_KEY is a fresh one unless given. */
  apiKey?: string;
  log?: (line: string) => void;
}

export interface ServedResult extends ClusterScore {
  readonly records: number;
  readonly truePairs: number;
  readonly loadSeconds: number;
  readonly recordsPerSecond: number;
  readonly statistics: string;
}

export const DEFAULT_MATCHERS = path.join(REPO, 'bench/matchers');
const EPOCH = Date.parse('2026-01-01T00:00:00Z');

/**
 * Record i as its upsert event; occurredAt follows file order, one millisecond apart. A value longer
 * than the event contract allows (a few Amazon descriptions) is cut to the limit, as a source system
 * would have to; no bench matcher reads those attributes.
 */
export function toEvent(dataset: BenchDataset, i: number): ChangeEvent {
  const record = dataset.records[i];
  const attributes = Object.fromEntries(
    Object.entries(record.attributes).map(([name, value]) => [
      name,
      value.slice(0, EVENT_LIMITS.maxStringChars),
    ]),
  );
  return {
    eventId: `${dataset.name}-${i}`,
    domain: record.domain,
    entityType: dataset.entityType,
    sourceId: record.id,
    op: 'upsert',
    occurredAt: new Date(EPOCH + i).toISOString(),
    attributes,
  };
}

/** What the statistics step can reach: the running service's API, its database and its matcher configs. */
export interface StatisticsTarget {
  readonly client: ServiceClient;
  readonly databaseUrl: string;
  readonly matchersDir: string;
  readonly entityType: string;
}

/**
 * The step between the load and the export where the service refreshes its corpus statistics (the
 * term and document frequencies TF-IDF and TF-adjusted comparisons read): a new snapshot of the
 * stored records, rolled out as a re-evaluation job that re-scores every record with it, waited
 * for, so the export shows its effect. The service runs with automatic refresh off
 * (CORPUS_STATS_GROWTH_FACTOR=0), so this is the one snapshot and the figure does not depend on
 * when a timer fired during the load. A type whose matcher reads no statistics is left as it is.
 */
export async function refreshCorpusStatistics(target: StatisticsTarget): Promise<string> {
  try {
    const { version, records } = await target.client.refreshCorpusStats(target.entityType);
    return `snapshot v${version} counted and rolled out over ${records} records`;
  } catch (e) {
    if (e instanceof RequestRefusedError && e.status === 409 && e.body.includes('ADMIN.STATS_UNUSED'))
      return 'not refreshed: the matcher reads no corpus statistics';
    throw e;
  }
}

/** Sends every record in file order, one batch in flight; returns the seconds it took. */
async function load(client: ServiceClient, dataset: BenchDataset, batchSize: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let from = 0; from < dataset.records.length; from += batchSize) {
    const events: ChangeEvent[] = [];
    for (let i = from; i < Math.min(from + batchSize, dataset.records.length); i++)
      events.push(toEvent(dataset, i));
    await client.postEvents(events);
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** The golden id of every record, by index, from the export; each record must appear exactly once. */
async function crosswalkLabels(client: ServiceClient, dataset: BenchDataset): Promise<string[]> {
  const rows = await client.exportCrosswalk(dataset.entityType);
  const index = new Map(dataset.records.map((r, i) => [`${r.domain}\u0000${r.id}`, i]));
  const labels = new Array<string | undefined>(dataset.records.length);
  for (const row of rows) {
    const i = index.get(`${row.domain}\u0000${row.sourceId}`);
    if (i === undefined)
      throw new Error(`the export lists ${row.domain}/${row.sourceId}, which was never sent`);
    if (labels[i] !== undefined) throw new Error(`the export lists ${row.domain}/${row.sourceId} twice`);
    labels[i] = row.goldenId;
  }
  const missing = labels.findIndex((label) => label === undefined);
  if (missing >= 0 || labels.length !== dataset.records.length) {
    const r = dataset.records[missing];
    throw new Error(
      `the export has ${rows.length} of ${dataset.records.length} records; missing ${r.domain}/${r.id}`,
    );
  }
  return labels as string[];
}

export async function measureServed(
  dataset: BenchDataset,
  options: ServedOptions = {},
): Promise<ServedResult> {
  const log = options.log ?? (() => {});
  const apiKey = randomBytes(24).toString('hex');
  const matchersDir = options.matchersDir ?? DEFAULT_MATCHERS;
  const db = await createDatabase(options.databasePrefix ?? 'joinery_bench_accuracy', options.adminUrl);
  let service: Service | null = null;
  try {
    service = await startService(
      {
        DATABASE_URL: db.url,
        MATCHERS_DIR: matchersDir,
        ADMIN_API_KEY: apiKey,
        CORPUS_STATS_GROWTH_FACTOR: '0',
      },
      { main: options.serviceMain },
    );
    const client = new ServiceClient(`http://127.0.0.1:${service.port}`, options.apiKey ?? apiKey);
    log(
      `${dataset.name}: sending ${dataset.records.length} records as events to ${client.baseUrl} (database ${db.name})`,
    );
    const loadSeconds = await load(client, dataset, options.batchSize ?? 500);
    const statistics = await refreshCorpusStatistics({
      client,
      databaseUrl: db.url,
      matchersDir,
      entityType: dataset.entityType,
    });
    log(`${dataset.name}: corpus statistics ${statistics}`);
    const score = scoreClusters(dataset, await crosswalkLabels(client, dataset));
    return {
      ...score,
      records: dataset.records.length,
      truePairs: dataset.truePairs.length,
      loadSeconds,
      recordsPerSecond: dataset.records.length / loadSeconds,
      statistics,
    };
  } catch (e) {
    const output = service?.output().trim();
    if (output) log(`the service's output (last lines):\n${output.split('\n').slice(-20).join('\n')}`);
    throw e;
  } finally {
    await service?.stop();
    await db.drop();
  }
}
