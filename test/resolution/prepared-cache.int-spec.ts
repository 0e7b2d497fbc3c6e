import type { DataSource } from 'typeorm';
import { ResolutionRepository } from '../../src/core/resolution/resolution.repository';
import { createTestDataSource, type TestDataSource } from '../support/data-source';

/**
 * loadRecords keeps parsed prepared forms by row version (src/core/resolution/prepared-cache.ts): a
 * record rewritten by another transaction, or by the reading one, must come back as it is now.
 */
describe('ResolutionRepository.loadRecords with the prepared-form cache', () => {
  let t: TestDataSource;
  let ds: DataSource;
  const repo = new ResolutionRepository();
  const row = (recordId: string, title: string, goldenId = 'g1') => ({
    recordId,
    domain: 'shop',
    sourceId: `s${recordId}`,
    goldenId,
    prepared: { title },
  });
  const titles = async (ids: string[]) =>
    (await repo.loadRecords(ds.manager, ids)).map((r) => [r.recordId, r.prepared.title, r.goldenId]);

  beforeAll(async () => {
    t = await createTestDataSource();
    ds = t.ds;
  });
  afterAll(() => t?.close());

  it('reads a row again once another transaction rewrote it, and its golden id always', async () => {
    await ds.transaction((m) => repo.upsertRecords(m, 'product', [row('1', 'red pen'), row('2', 'ink')]));
    expect(await titles(['1', '2'])).toEqual([
      ['1', 'red pen', 'g1'],
      ['2', 'ink', 'g1'],
    ]);
    expect(await titles(['1', '2'])).toEqual([
      ['1', 'red pen', 'g1'],
      ['2', 'ink', 'g1'],
    ]); // from the cache
    await ds.transaction((m) => repo.upsertRecords(m, 'product', [row('1', 'blue pen')]));
    await ds.transaction((m) => repo.relinkRecords(m, [{ recordId: '2', goldenId: 'g2' }]));
    expect(await titles(['1', '2'])).toEqual([
      ['1', 'blue pen', 'g1'],
      ['2', 'ink', 'g2'],
    ]);
  });

  it('never keeps a row of the reading transaction, which may rewrite it under the same version', async () => {
    await ds.transaction(async (m) => {
      await repo.upsertRecords(m, 'product', [row('3', 'first')]);
      expect((await repo.loadRecords(m, ['3']))[0].prepared).toEqual({ title: 'first' });
      await repo.upsertRecords(m, 'product', [row('3', 'second')]);
      expect((await repo.loadRecords(m, ['3']))[0].prepared).toEqual({ title: 'second' });
    });
    expect(await titles(['3'])).toEqual([['3', 'second', 'g1']]);
  });

  it('a rolled-back rewrite leaves the committed form', async () => {
    await ds.transaction((m) => repo.upsertRecords(m, 'product', [row('4', 'kept')]));
    expect(await titles(['4'])).toEqual([['4', 'kept', 'g1']]);
    await expect(
      ds.transaction(async (m) => {
        await repo.upsertRecords(m, 'product', [row('4', 'discarded')]);
        expect(await titles(['4'])).toEqual([['4', 'kept', 'g1']]); // another connection: not yet visible
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await titles(['4'])).toEqual([['4', 'kept', 'g1']]);
  });
});
