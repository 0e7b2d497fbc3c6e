/**
 * The bench's client of a running service: change events in through `POST /v1/events`, the crosswalk
 * out through `GET /v1/xref/export`, with an API key. Anything but a 2xx, or an event the service
 * did not apply, stops the bench with the status and the service's own reason: a figure measured on
 * refused requests would be a figure about nothing.
 */

export class RequestRefusedError extends Error {
  constructor(
    readonly route: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${route} was refused: HTTP ${status}: ${body.slice(0, 2000)}`);
    this.name = 'RequestRefusedError';
  }
}

export interface ChangeEvent {
  eventId: string;
  domain: string;
  entityType: string;
  sourceId: string;
  op: 'upsert';
  occurredAt: string;
  attributes: Record<string, string>;
}

interface IngestResult {
  eventId: string;
  status: string;
  code?: string;
  problems?: Array<{ field: string; reason: string }>;
}

/** One membership line of the export (ndjson). */
export interface CrosswalkRow {
  goldenId: string;
  domain: string;
  sourceId: string;
}

export class ServiceClient {
  constructor(
    readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  private async request(route: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(`${this.baseUrl}${route}`, {
      ...init,
      headers: { authorization: `Bearer ${this.apiKey}`, ...init.headers },
    });
    if (res.status < 200 || res.status >= 300)
      throw new RequestRefusedError(`${init.method ?? 'GET'} ${route}`, res.status, await res.text());
    return res;
  }

  /** One batch (at most 1,000 events); throws unless every event was applied. */
  async postEvents(events: readonly ChangeEvent[]): Promise<void> {
    const res = await this.request('/v1/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    const { results } = (await res.json()) as { results: IngestResult[] };
    const notApplied = results.filter((r) => r.status !== 'applied');
    if (notApplied.length > 0) {
      const first = notApplied[0];
      throw new Error(
        `POST /v1/events: ${notApplied.length} of ${events.length} events not applied; the first, ` +
          `${first.eventId}: ${first.status} ${first.code ?? ''} ${JSON.stringify(first.problems ?? [])}`,
      );
    }
  }

  /**
   * Refreshes the type's corpus statistics (`POST /v1/admin/corpus-stats/{type}/refresh`: a new
   * snapshot, rolled out as a re-evaluation job) and waits until the job has re-evaluated every
   * record. Returns the snapshot's version and the job's record count.
   */
  async refreshCorpusStats(
    entityType: string,
    timeoutMs = 3_600_000,
  ): Promise<{ version: number; records: number }> {
    const route = `/v1/admin/corpus-stats/${encodeURIComponent(entityType)}/refresh`;
    const started = (await (await this.request(route, { method: 'POST' })).json()) as {
      snapshot: { version: number };
      job: { id: string };
    };
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = (await (await this.request(`/v1/admin/jobs/${started.job.id}`)).json()) as {
        status: string;
        processed: number;
        error: string | null;
      };
      if (job.status === 'done') return { version: started.snapshot.version, records: job.processed };
      if (job.status === 'failed') throw new Error(`corpus statistics roll-out failed: ${job.error}`);
      if (Date.now() > deadline)
        throw new Error(`corpus statistics roll-out still running after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** The whole crosswalk of one entity type, now: every membership in force. */
  async exportCrosswalk(entityType: string): Promise<CrosswalkRow[]> {
    const route = `/v1/xref/export?entityType=${encodeURIComponent(entityType)}&format=ndjson`;
    const text = await (await this.request(route)).text();
    if (text.length > 0 && !text.endsWith('\n'))
      throw new Error(`GET ${route}: the export was cut short (no line end after its last line)`);
    return text
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as CrosswalkRow);
  }
}
