import { benchBackfill, options } from '../../bench/backfill';
import { adminUrl } from '../support/postgres';

/**
 * `npm run bench:backfill` at 300 records, so it cannot rot: it must backfill, copy the rows again for
 * the raw limit (`--raw`), load the same records incrementally, and find the two partitions identical
 * with gap-free golden event versions.
 */
describe('bench:backfill at 300 records', () => {
  const saved = process.env.BENCH_DATABASE_URL;
  beforeAll(() => (process.env.BENCH_DATABASE_URL = adminUrl()));
  afterAll(() => {
    if (saved === undefined) delete process.env.BENCH_DATABASE_URL;
    else process.env.BENCH_DATABASE_URL = saved;
  });

  it('prints the rate, peak RSS and an identical partition', async () => {
    const lines: string[] = [];
    await benchBackfill(options(['--records', '300', '--batch', '100', '--raw']), (line) => lines.push(line));
    const text = lines.join('\n');
    expect(text).toMatch(/records\/s end to end: \d+/);
    expect(text).toMatch(/peak RSS: \d+ MB/);
    expect(text).toMatch(/golden event version gaps: 0\n/);
    expect(text).toMatch(
      /## Raw limit: PostgreSQL writing the backfill's \d+ rows, nothing else\nrecords\/s: \d+/,
    );
    expect(text).toMatch(
      /fingerprint backfill \w+ \(\d+ entities\), incremental \w+ \(\d+ entities\): identical/,
    );
    expect(text).toMatch(/, 0 in one but not the other/);
  }, 300_000);
});
