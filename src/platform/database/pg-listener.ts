import { Logger } from '@nestjs/common';
import { Client } from 'pg';

/**
 * LISTEN on one channel over a connection of its own (a pooled one would lose the LISTEN when it
 * goes back to the pool), for the background loops that used to poll: they wake on a notification
 * and keep a slow poll as the fallback while the connection is down. Reconnects on the next
 * `ensure()` after an error. A notification arrives when the notifying transaction commits.
 */
export class PgListener {
  private readonly logger = new Logger('PgListener');
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly onNotify: () => void,
  ) {}

  /** Whether notifications can arrive now. */
  get listening(): boolean {
    return this.client !== null && this.connecting === null;
  }

  /** Connects and listens if not already; never throws (the caller polls meanwhile). */
  async ensure(): Promise<void> {
    if (this.client || this.connecting) return this.connecting ?? undefined;
    const client = new Client({ connectionString: this.url, application_name: 'joinery-listener' });
    const drop = (e?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      if (e) this.logger.warn(`LISTEN ${this.channel} connection lost: ${e.message}`);
      void client.end().catch(() => undefined);
    };
    client.on('notification', () => this.onNotify());
    client.on('error', drop);
    client.on('end', () => drop());
    this.client = client;
    this.connecting = client
      .connect()
      .then(() => client.query(`LISTEN ${this.channel}`))
      .then(() => this.onNotify()) // anything committed before the LISTEN: look once
      .catch((e: unknown) => drop(e instanceof Error ? e : new Error(String(e))))
      .finally(() => (this.connecting = null));
    return this.connecting;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
