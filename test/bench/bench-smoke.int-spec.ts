import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadMatcherConfig } from '../../src/engine';
import { describeKafka } from '../support/kafka';
import { adminUrl } from '../support/postgres';

/**
 * Smoke runs of the benchmarks at a tiny size, from the global setup's build of the current
 * sources (the service and the benches, built together): a bench that stops running (a route that
 * now needs a key, a renamed column, events the service refuses) fails here instead of on the day
 * someone needs its figures. A tiny run's figures mean nothing; what is checked is that each bench
 * ends with code 0 and prints its figures as numbers, and that a bench whose requests or events are
 * refused fails with the reason. `bench:accuracy` and `bench:backfill` have their own smoke runs.
 *
 * The runs overlap, two at a time (BenchPool): a tiny run spends much of its time waiting (its
 * service starting and migrating, a consumer group joining, a fixed settle before latency probes),
 * so the file takes about half as long as one run after another. Each test still awaits its own run
 * and checks it alone: a run has its own database, topics and consumer group.
 */

interface BenchRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const REPO = path.resolve(__dirname, '../..');
const RUN_TIMEOUT_MS = 150_000;
jest.setTimeout(RUN_TIMEOUT_MS + 10_000);

/** Process groups of the runs still going, killed after the last test (one that failed early leaves its run). */
const running = new Set<number>();

function runBench(script: string, args: string[], env: Record<string, string> = {}): Promise<BenchRun> {
  const build = process.env.JOINERY_TEST_BUILD_DIR;
  if (!build) throw new Error('JOINERY_TEST_BUILD_DIR is unset: run through Jest (global setup builds it)');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(build, 'bench', `${script}.js`), ...args], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a run that hangs is killed together with the services it started.
      detached: true,
    });
    running.add(child.pid!);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), RUN_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      running.delete(child.pid!);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The run's whole output when it did not end as expected, so a failing smoke run says why. */
function expectExit(run: BenchRun, code: number): void {
  if (run.code !== code)
    throw new Error(
      `bench exited with ${run.code}, expected ${code}\n--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr.slice(-8000)}`,
    );
}

const NUMBER = String.raw`\d+(?:\.\d+)?`;

/**
 * Bench runs registered while the file is collected, started by the first hook at most `limit` at
 * a time in the order registered (the order of the tests, so a test never waits behind a later one).
 */
class BenchPool {
  private readonly queued: Array<() => void> = [];
  private active = 0;
  private started = false;

  constructor(private readonly limit: number) {}

  add(script: string, args: string[], env: () => Record<string, string> = () => ({})): Promise<BenchRun> {
    const run = new Promise<void>((turn) => this.queued.push(turn))
      .then(() => runBench(script, args, env()))
      .finally(() => {
        this.active--;
        this.next();
      });
    // Handled here too: a run that fails to spawn before its test awaits it is no unhandled rejection.
    run.catch(() => undefined);
    if (this.started) this.next();
    return run;
  }

  start(): void {
    this.started = true;
    this.next();
  }

  private next(): void {
    while (this.active < this.limit && this.queued.length > 0) {
      this.active++;
      this.queued.shift()!();
    }
  }
}

const pool = new BenchPool(2);
beforeAll(() => pool.start());
afterAll(() => {
  for (const pid of running) process.kill(-pid, 'SIGKILL');
});
/** A Kafka bench's run: none without a broker (describeKafka collects its tests only to skip them). */
const withBrokers = (brokers: string[], add: () => Promise<BenchRun>): Promise<BenchRun> =>
  brokers.length > 0 ? add() : new Promise<BenchRun>(() => undefined);

describe('bench:suggest at 300 records per dataset', () => {
  // The test build holds no copy of the datasets: read the repository's.
  const datasets = { JOINERY_DATASETS: path.join(REPO, 'bench/datasets') };
  const figures = (label: string) =>
    new RegExp(`^(febrl3|febrl4|amazon_google) +${label}.*f1=${NUMBER} blocking_recall=${NUMBER}`, 'gm');

  const written = mkdtempSync(path.join(tmpdir(), 'joinery-bench-suggest-'));
  afterAll(() => rmSync(written, { recursive: true, force: true }));
  const all = pool.add('suggest', ['--records', '300'], () => datasets);
  const write = pool.add('suggest', ['--records', '300'], () => ({ ...datasets, SUGGEST_WRITE: written }));

  it('suggests, trains and links each dataset, and prints the preset and hand-written figures', async () => {
    const run = await all;
    expectExit(run, 0);
    expect(run.stdout.match(figures(String.raw`suggest \(IDF`))).toHaveLength(3);
    expect(run.stdout.match(figures(String.raw`suggest \(no IDF`))).toHaveLength(3);
    expect(run.stdout.match(figures('preset schema-agnostic'))).toHaveLength(3);
    expect(run.stdout.match(figures(String.raw`hand \+ EM \(unbounded\)`))).toHaveLength(3);
    expect(run.stdout).toMatch(/^febrl4 .* linkage=across_domains/m);
    expect(run.stdout).not.toMatch(/NaN|undefined/);
  });

  it('writes the untouched configs (SUGGEST_WRITE) that the served bench loads', async () => {
    const run = await write;
    expectExit(run, 0);
    expect(readdirSync(written).sort()).toEqual(['amazon_google.yaml', 'febrl3.yaml', 'febrl4.yaml']);
    for (const entityType of ['amazon_google', 'febrl3', 'febrl4'])
      expect(loadMatcherConfig(written, entityType).comparisons.length).toBeGreaterThan(0);
  });
});

describe('bench:resolve at 2,000 records', () => {
  const env = () => ({ DATABASE_URL: adminUrl() });
  const tiny = ['--records', '2000', '--duration', '1', '--requests', '2'];
  const measured = pool.add('xref-resolve', tiny, env);
  // The bench lifts the service's rate limit unless the environment sets one.
  const refused = pool.add('xref-resolve', tiny, () => ({ ...env(), RATE_LIMIT_PER_MINUTE: '20' }));

  it('runs every measure with the API key it gives its service, and prints the figures', async () => {
    const run = await measured;
    expectExit(run, 0);
    expect(run.stdout).toMatch(
      new RegExp(`spread evenly .*: \\d+ responses .*all 2xx; latency p50 ${NUMBER} ms`),
    );
    expect(run.stdout).toMatch(new RegExp(`capacity .*: \\d+ req/s, p50 ${NUMBER} ms`));
    expect(run.stdout).toMatch(new RegExp(`batch resolve of 1,000 keys, 2 requests: p50 ${NUMBER} ms`));
    expect(run.stdout).toMatch(/export csv: 2,000 rows/);
    expect(run.stdout).not.toMatch(/NaN|undefined/);
  });

  it('stops with the status and the service reason when lookups are refused', async () => {
    const run = await refused;
    expectExit(run, 1);
    expect(run.stderr).toMatch(
      /bench:resolve failed: GET \/v1\/xref\/person\/.* was refused: HTTP 429: .*COMMON\.RATE_LIMITED/,
    );
    expect(run.stderr).not.toMatch(/TypeError/);
  });
});

describe('bench:stats at 300 generated products', () => {
  const stats = pool.add('corpus-stats', ['--generate', 'product', '--records', '300'], () => ({
    BENCH_DATABASE_URL: adminUrl(),
  }));

  it('loads, refreshes the statistics, and prints the cost of each phase and both accuracies', async () => {
    const run = await stats;
    expectExit(run, 0);
    const cost = `${NUMBER} s wall \\(\\d+ records/s here\\), CPU ${NUMBER} ms/record node \\+ ${NUMBER} ms/record PostgreSQL`;
    expect(run.stdout).toMatch(
      new RegExp(`\\[stats\\] product: 300 events \\(300 records\\) loaded: ${cost}`),
    );
    expect(run.stdout).toMatch(
      new RegExp(`\\[stats\\] count \\(snapshot v1: \\d+ terms, \\d+ KiB\\): ${cost}`),
    );
    expect(run.stdout).toMatch(
      new RegExp(`\\[stats\\] roll-out \\(\\d+ batches, \\d+ golden events\\): ${cost}`),
    );
    expect(run.stdout).toMatch(
      new RegExp(`without statistics: precision=${NUMBER} recall=${NUMBER} f1=${NUMBER}`),
    );
    expect(run.stdout).toMatch(
      new RegExp(`with snapshot v1: precision=${NUMBER} recall=${NUMBER} f1=${NUMBER} \\([+-]${NUMBER}\\)`),
    );
    expect(run.stdout).not.toMatch(/NaN/);
  });
});

describeKafka('bench:ingest and bench:scaling at a few hundred records', (brokers) => {
  const env = () => ({ BENCH_DATABASE_URL: adminUrl(), KAFKA_BROKERS: brokers.join(',') });
  const add = (script: string, args: string[]) => withBrokers(brokers, () => pool.add(script, args, env));
  // Two rates on one store: the second sends newer versions of the same records and new probes.
  const ingest = add(
    'ingest',
    '--records 300 --latency-seconds 2 --latency-probes 4 --latency-rate 20,30'.split(' '),
  );
  // What `npm run bench:ingest:products` runs, at 200 records instead of 10,000.
  const products = add('ingest', '--type product --records 200 --latency-seconds 0 --target 1000'.split(' '));
  // A service that knows no `customer` matcher refuses every customer event.
  const matchers = mkdtempSync(path.join(tmpdir(), 'joinery-bench-smoke-'));
  copyFileSync(path.join(REPO, 'matchers/account.yaml'), path.join(matchers, 'account.yaml'));
  afterAll(() => rmSync(matchers, { recursive: true, force: true }));
  const deadLettered = add('ingest', [
    '--records',
    '50',
    '--latency-seconds',
    '0',
    '--service-env',
    `MATCHERS_DIR=${matchers}`,
  ]);
  const scaling = add('scaling', ['--stages', '200,400', '--min-window', '100']);
  // The lag waits before the service starts, which takes it in its backfill mode.
  const backlog = add(
    'ingest',
    '--records 300 --backlog --latency-seconds 0 --service-env KAFKA_BACKFILL_LAG=1 --service-env LOG_LEVEL=info'.split(
      ' ',
    ),
  );

  it('bench:ingest: ingests, checks the store, measures latency and prints the table', async () => {
    const run = await ingest;
    expectExit(run, 0);
    // instances run rate total produce CPU goldens RSS latency P/R/F1 partition
    expect(run.stdout).toMatch(
      new RegExp(
        `^\\s+1\\s+1\\s+\\d+\\s+${NUMBER}\\s+${NUMBER}\\s+${NUMBER}\\+${NUMBER}\\s+\\d+\\s+\\d+\\s+\\d+/\\d+ \\(\\d+\\) \\d+/4\\s+${NUMBER}/${NUMBER}/${NUMBER}\\s+[0-9a-f]{12}$`,
        'm',
      ),
    );
    expect(run.stdout).toMatch(
      /latency, 1 instance\(s\) run 1, under \d+ updates\/s: p50 \d+ ms, p99 \d+ ms, max \d+ ms \(4\/4 probes\)/,
    );
    expect(run.stdout).toMatch(/partition: identical in all 1 run/);
    expect(run.stdout).toMatch(
      /search index lag, 1 instance\(s\) run 1: oldest unindexed event p50 \d+ ms, .* caught up \d+ ms after the last commit/,
    );
    expect(run.stdout).not.toMatch(/NaN/);
  });

  it('bench:ingest:products: ingests products and says whether the target rate was met', async () => {
    const run = await products;
    expectExit(run, 0);
    expect(run.stdout).toMatch(/bench:ingest — 200 product records over 4 domains/);
    expect(run.stdout).toMatch(
      new RegExp(`^\\s+1\\s+1\\s+\\d+\\s+${NUMBER}\\s+${NUMBER}\\s+${NUMBER}\\+${NUMBER}\\s+\\d+`, 'm'),
    );
    expect(run.stdout).toMatch(/target ≥ 1000 records\/s: (met|NOT met) \(median \d+ records\/s\)/);
    expect(run.stdout).toMatch(/partition: identical in all 1 run/);
    expect(run.stdout).not.toMatch(/NaN/);
  });

  it('bench:ingest: stops with the count and the reason when the service dead-letters its events', async () => {
    const run = await deadLettered;
    expectExit(run, 1);
    expect(run.stderr).toMatch(
      /the service refused 50 of the bench's events \(dead-letter topic .*\); the first: \S+: /,
    );
  });

  it('bench:ingest --backlog: the consumer backfills the lag in bulk, and the bench prints what it did', async () => {
    const run = await backlog;
    expectExit(run, 0);
    expect(run.stderr).toMatch(
      /service: backfill mode done in .*; backfilled customer \(300 records, \d+ golden entities/,
    );
    expect(run.stdout).toMatch(/partition: identical in all 1 run/);
    expect(run.stdout).not.toMatch(/NaN/);
  });

  it('bench:scaling: loads two stages, times both windows (CPU, busy cores) and prints the cost ratio', async () => {
    const run = await scaling;
    expectExit(run, 0);
    expect(run.stdout).toMatch(
      new RegExp(
        `^\\s+400\\s+\\d+\\s+upsert\\s+100\\s+${NUMBER}\\s+\\d+\\s+${NUMBER}\\+${NUMBER}\\s+${NUMBER}/\\d+`,
        'm',
      ),
    );
    expect(run.stdout).toMatch(new RegExp(`update cost at 400 / at 200: ${NUMBER}×`));
    expect(run.stdout).not.toMatch(/NaN/);
  });
});

describeKafka('bench:crosswalk at 2,000 records', (brokers) => {
  const crosswalk = withBrokers(brokers, () =>
    pool.add('xref-crosswalk', ['--records=2000', '--rates=20', '--seconds=2'], () => ({
      DATABASE_URL: adminUrl(),
      KAFKA_BROKERS: brokers.join(','),
    })),
  );

  it('writes the Parquet snapshot over HTTP and by the CLI, DuckDB reads it, and measures the topic lag', async () => {
    const run = await crosswalk;
    expectExit(run, 0);
    expect(run.stdout).toMatch(
      new RegExp(`parquet over HTTP \\(default rows a group\\): 2,000 rows, ${NUMBER} MB .* peak \\d+ MB`),
    );
    expect(run.stdout).toMatch(/DuckDB reads 2000 rows and joins crm ⋈ billing \(1000 pairs\)/);
    expect(run.stdout).toMatch(
      new RegExp(`parquet by the CLI: 2,000 rows, ${NUMBER} MB .*; peak RSS \\d+ MB`),
    );
    expect(run.stdout).toMatch(
      /xref topic lag at \d+ changes\/s produced .*: [1-9]\d* of \d+ messages; from the transaction p50 -?\d+ ms, p99 -?\d+ ms; from the produce p50 -?\d+ ms, .*CPU ms per change: service [\d.]+ \+ PostgreSQL [\d.]+/,
    );
    expect(run.stdout).not.toMatch(/NaN|undefined/);
  });
});
