import type { DataSource } from 'typeorm';
import { ReevaluationJobRepository } from '../../src/features/reevaluation/reevaluation-job.repository';
import { createTestDataSource, type TestDataSource } from '../support/data-source';

/**
 * A job's lease is what keeps two instances from running the same re-evaluation batches: taking it
 * must fail while another owner's lease is live. (It once always succeeded: TypeORM answers an
 * UPDATE … RETURNING with [rows, count], which read as rows is never empty.)
 */
describe('re-evaluation job lease', () => {
  let t: TestDataSource;
  let ds: DataSource;
  const jobs = new ReevaluationJobRepository();

  beforeAll(async () => {
    t = await createTestDataSource();
    ds = t.ds;
  });
  afterAll(() => t?.close());

  async function job(owner: string | null, until: string): Promise<string> {
    await ds.query(`DELETE FROM reevaluation_jobs`);
    const [{ id }]: Array<{ id: string }> = await ds.query(
      `INSERT INTO reevaluation_jobs (entity_type, kind, config_hash, total, lease_owner, lease_until)
       VALUES ('person', 'rebuild', 'x', 10, $1, now() + $2::interval) RETURNING id::text`,
      [owner, until],
    );
    return id;
  }

  it("is refused while another owner's lease is live, and taken once it expired", async () => {
    const live = await job('other-instance', '1 hour');
    expect(await jobs.lease(ds.manager, live, 'me', 30)).toBe(false);
    const [row]: Array<{ lease_owner: string }> = await ds.query(
      `SELECT lease_owner FROM reevaluation_jobs WHERE id = $1`,
      [live],
    );
    expect(row.lease_owner).toBe('other-instance');

    const expired = await job('other-instance', '-1 second');
    expect(await jobs.lease(ds.manager, expired, 'me', 30)).toBe(true);
    expect(await jobs.lease(ds.manager, expired, 'me', 30)).toBe(true); // renewed by its owner
    expect(await jobs.lease(ds.manager, expired, 'someone-else', 30)).toBe(false);
  });

  it('is refused for a job that is no longer running', async () => {
    const id = await job(null, '0 seconds');
    await ds.query(`UPDATE reevaluation_jobs SET status = 'done' WHERE id = $1`, [id]);
    expect(await jobs.lease(ds.manager, id, 'me', 30)).toBe(false);
  });
});
