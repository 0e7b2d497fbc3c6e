import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Producer } from 'kafkajs';
import type { Pool } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { isoUs } from '../../platform/database/sql';
import { xrefKey, XrefValue } from './xref-change';

/** Messages per Kafka request while seeding. */
const SEED_BATCH = 1000;

/**
 * Seeds the compacted xref topic with the current crosswalk, once per topic, for stores whose
 * records were linked before the topic existed (their outbox rows carry no xref entries). The relay
 * calls it as the leader, before it publishes any outbox row, so nothing else writes the topic
 * meanwhile. The snapshot is the state at one moment T: outbox rows committed before T but not yet
 * published are published after it, and carry the same or an older state of their records, each
 * followed by that record's later rows; rows after T come after it too. So the last message of
 * every key is still its current golden id. A seed cut short (a crash) is not recorded and is
 * simply run again.
 */
@Injectable()
export class XrefTopicSeeder {
  private readonly logger = new Logger('XrefTopicSeeder');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async seedIfNeeded(producer: Producer, topic: string): Promise<void> {
    const [done]: unknown[] = await this.dataSource.query(`SELECT 1 FROM xref_topic_seeds WHERE topic = $1`, [
      topic,
    ]);
    if (done) return;
    const started = Date.now();
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const client = await pool.connect();
    let failure: Error | undefined;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows } = await client.query<{ seq: string | null }>(
        `SELECT max(id)::text AS seq FROM golden_outbox`,
      );
      const seq = Number(rows[0]?.seq ?? 0);
      const stream = client.query(
        new QueryStream(
          `SELECT m.entity_type AS "entityType", m.domain, m.source_id AS "sourceId", m.golden_id AS "goldenId",
                  g.version, ${isoUs('m.valid_from')} AS "linkedAt"
             FROM golden_memberships m JOIN golden_entities g ON g.golden_id = m.golden_id
            WHERE m.valid_to IS NULL`,
          [],
          { batchSize: SEED_BATCH },
        ),
      );
      let batch: Array<{ key: string; value: string }> = [];
      let sent = 0;
      const flush = async (): Promise<void> => {
        if (batch.length === 0) return;
        await producer.send({ topic, acks: -1, messages: batch });
        sent += batch.length;
        batch = [];
      };
      for await (const row of stream as AsyncIterable<Omit<XrefValue, 'seq'>>) {
        const value: XrefValue = { ...row, seq };
        batch.push({ key: xrefKey(row.entityType, row.domain, row.sourceId), value: JSON.stringify(value) });
        if (batch.length >= SEED_BATCH) await flush();
      }
      await flush();
      await client.query('COMMIT');
      await this.dataSource.query(
        `INSERT INTO xref_topic_seeds (topic, seq) VALUES ($1, $2) ON CONFLICT (topic) DO NOTHING`,
        [topic, seq],
      );
      this.logger.log(`seeded ${topic} with ${sent} records in ${Date.now() - started} ms`);
    } catch (e) {
      failure = e instanceof Error ? e : new Error(String(e));
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release(failure);
    }
  }
}
