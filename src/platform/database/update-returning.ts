import type { EntityManager } from 'typeorm';

/**
 * The rows an `UPDATE … RETURNING` (or `DELETE … RETURNING`) gives back. TypeORM's
 * `EntityManager.query` answers those two commands with `[rows, affected count]`, and every other
 * command (SELECT, INSERT, a WITH whose final statement is one of them) with the rows alone: read
 * as rows, the pair has length 2 whatever was updated, which once made a lease look taken when it
 * was not.
 */
export async function updateReturning<T>(m: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await m.query(sql, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  )
    return result[0] as T[];
  throw new Error(`not an UPDATE or DELETE with RETURNING: ${sql.slice(0, 80)}`);
}
