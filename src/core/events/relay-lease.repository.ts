import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';

/** Any constant works; it names the relay's session-level advisory lock across instances. */
const RELAY_LOCK_KEY = 0x6a6f696e; // "join"

/**
 * Leadership of the golden-event relay: one instance at a time holds a session-level advisory
 * lock on a dedicated connection and publishes; the others wait. A single publisher reading the
 * outbox in id order is what keeps each golden id's events in version order on the topic. If the
 * leader dies, Postgres drops its session and the lock with it, and another instance takes over.
 */
@Injectable()
export class RelayLeaseRepository {
  private runner: QueryRunner | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async tryAcquire(): Promise<boolean> {
    if (!this.runner) {
      this.runner = this.dataSource.createQueryRunner();
      await this.runner.connect();
    }
    const rows = (await this.runner.query(`SELECT pg_try_advisory_lock($1) AS ok`, [
      RELAY_LOCK_KEY,
    ])) as Array<{
      ok: boolean;
    }>;
    return rows[0].ok;
  }

  /** Still the leader: the session that holds the lock is alive. */
  async stillHeld(): Promise<boolean> {
    if (!this.runner) return false;
    try {
      const rows = (await this.runner.query(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND pid = pg_backend_pid() AND granted) AS held`,
        [RELAY_LOCK_KEY],
      )) as Array<{ held: boolean }>;
      return rows[0].held;
    } catch {
      return false;
    }
  }

  async release(): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    if (!runner) return;
    await runner.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }
}
