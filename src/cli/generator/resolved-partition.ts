/**
 * Reads the partition a Joinery database ended with: every resolved record's key
 * (`domain:entityType:sourceId`, as in the truth file) and its golden id, from resolution_records.
 * Streamed through a cursor, so a million records never sit in memory as one result. Plain `pg`,
 * no Nest or TypeORM: the CLI and the benchmarks call it with a connection string.
 */
import { Client } from 'pg';
import QueryStream from 'pg-query-stream';

export async function* resolvedPartition(
  databaseUrl: string,
  entityTypes: readonly string[],
): AsyncGenerator<readonly [string, string]> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'joinery-evaluate' });
  await client.connect();
  try {
    const stream = client.query(
      new QueryStream(
        `SELECT domain || ':' || entity_type || ':' || source_id AS key, golden_id
           FROM resolution_records WHERE entity_type = ANY($1::text[])`,
        [entityTypes],
        { batchSize: 10_000 },
      ),
    );
    for await (const row of stream as AsyncIterable<{ key: string; golden_id: string }>) {
      yield [row.key, row.golden_id] as const;
    }
  } finally {
    await client.end();
  }
}

/**
 * A fingerprint of the partition that does not depend on the golden ids minted: each record is
 * labelled by the smallest key of its entity, and the sorted (key, label) list is hashed. Computed
 * in PostgreSQL, so comparing two million-record runs moves one row, not a million.
 */
export async function partitionFingerprint(
  databaseUrl: string,
): Promise<{ records: number; entities: number; md5: string }> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'joinery-evaluate' });
  await client.connect();
  try {
    await client.query(`SET work_mem = '256MB'`);
    const { rows } = await client.query<{ records: string; entities: string; md5: string | null }>(
      `WITH keyed AS (
         SELECT golden_id, domain || ':' || entity_type || ':' || source_id AS key FROM resolution_records),
       labelled AS (SELECT key, min(key COLLATE "C") OVER (PARTITION BY golden_id) AS label, golden_id FROM keyed)
       SELECT count(*)::text AS records, count(DISTINCT golden_id)::text AS entities,
              md5(string_agg(key || '>' || label, ',' ORDER BY key COLLATE "C")) AS md5
         FROM labelled`,
    );
    return { records: Number(rows[0].records), entities: Number(rows[0].entities), md5: rows[0].md5 ?? '' };
  } finally {
    await client.end();
  }
}
