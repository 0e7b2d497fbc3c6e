import { QueryFailedError } from 'typeorm';
import { backoffDelay, sleep } from '../common/backoff';
import { DomainException } from '../common/errors/domain.exception';
import {
  classifyFailure,
  CONFLICT_DELAY_MS,
  ConcurrencyConflict,
  IN_BACKGROUND,
  ON_REQUEST,
  RetryBudget,
  runWithRetry,
} from './retry-policy';

/** A pg error as the driver raises it: a message and a SQLSTATE code. */
const pgError = (code: string, message = `pg error ${code}`): Error =>
  Object.assign(new Error(message), { code });
/** The same error as TypeORM hands it to a transaction's caller. */
const wrapped = (code: string): QueryFailedError =>
  new QueryFailedError('SELECT 1', [], pgError(code) as Error & { code: string });

/** Runs `failures` in order (one a call), then returns 'done'; records the delays instead of waiting. */
async function attempt(failures: unknown[], budget: RetryBudget) {
  let calls = 0;
  const delays: number[] = [];
  const retried: string[] = [];
  const outcome = await runWithRetry(
    async () => {
      const failure = failures[calls++];
      if (failure !== undefined) throw failure as Error;
      return 'done';
    },
    budget,
    {
      sleep: async (ms) => {
        delays.push(ms);
      },
      onRetry: (kind) => retried.push(kind),
    },
  ).catch((e: unknown) => e);
  return { outcome, calls, delays, retried };
}

const within = (delay: number, attempt: number, range: { initial: number; max: number }): void => {
  const base = Math.min(range.max, range.initial * 2 ** attempt);
  expect(delay).toBeGreaterThanOrEqual(Math.floor(base / 2));
  expect(delay).toBeLessThanOrEqual(base);
};

describe('classifyFailure', () => {
  it.each([
    ['a serialization failure', pgError('40001')],
    ['a deadlock', pgError('40P01')],
    ['a deadlock wrapped by TypeORM', wrapped('40P01')],
    ['a race found by the work itself', new ConcurrencyConflict('eventId taken meanwhile')],
  ])('%s is a conflict', (_name, error) => {
    expect(classifyFailure(error)).toBe('conflict');
  });

  it.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    ['a server shutting down (57P01)', wrapped('57P01')],
    ['a broken connection (08006)', pgError('08006')],
    ['a dropped connection, said in words', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect', new Error('timeout exceeded when trying to connect')],
    ['a lock timeout (55P03)', wrapped('55P03')],
    ['an outage behind a cause', new Error('query failed', { cause: pgError('08001') })],
  ])('%s is an outage', (_name, error) => {
    expect(classifyFailure(error)).toBe('outage');
  });

  it.each([
    ['a unique violation', wrapped('23505')],
    ['a bad value', pgError('22P02')],
    ['a domain refusal', new DomainException('STEWARDSHIP.REVIEW_CLOSED', 'closed')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a thrown string', 'nope'],
    ['nothing', undefined],
  ])('%s is permanent', (_name, error) => {
    expect(classifyFailure(error)).toBe('permanent');
  });
});

describe('runWithRetry', () => {
  it('runs work that succeeds once, without waiting', async () => {
    expect(await attempt([], ON_REQUEST)).toEqual({ outcome: 'done', calls: 1, delays: [], retried: [] });
  });

  it('retries conflicts after a short jittered pause until the work succeeds', async () => {
    const { outcome, calls, delays, retried } = await attempt(
      [pgError('40P01'), wrapped('40001')],
      ON_REQUEST,
    );
    expect(outcome).toBe('done');
    expect(calls).toBe(3);
    expect(retried).toEqual(['conflict', 'conflict']);
    delays.forEach((d, i) => within(d, i, CONFLICT_DELAY_MS));
  });

  it('gives up on conflicts after the budget: COMMON.UNAVAILABLE, the work run conflictAttempts times', async () => {
    const conflicts = Array.from({ length: 10 }, () => new ConcurrencyConflict('taken'));
    const { outcome, calls, delays } = await attempt(conflicts, ON_REQUEST);
    expect(outcome).toBeInstanceOf(DomainException);
    expect((outcome as DomainException).code).toBe('COMMON.UNAVAILABLE');
    expect((outcome as DomainException).message).toContain('taken');
    expect(calls).toBe(ON_REQUEST.conflictAttempts);
    expect(delays).toHaveLength(ON_REQUEST.conflictAttempts - 1);
  });

  it('on a request, an outage is COMMON.UNAVAILABLE at once (the caller waits, not the request)', async () => {
    const { outcome, calls, delays } = await attempt([wrapped('57P01'), undefined], ON_REQUEST);
    expect((outcome as DomainException).code).toBe('COMMON.UNAVAILABLE');
    expect((outcome as DomainException).message).toMatch(/^the database is unavailable: /);
    expect(calls).toBe(1);
    expect(delays).toEqual([]);
  });

  it('in the background, an outage is waited out with capped exponential backoff', async () => {
    const outages = Array.from({ length: 5 }, () => pgError('08006'));
    const { outcome, calls, delays, retried } = await attempt(outages, IN_BACKGROUND);
    expect(outcome).toBe('done');
    expect(calls).toBe(6);
    expect(retried).toEqual(Array(5).fill('outage'));
    delays.forEach((d, i) => within(d, i, IN_BACKGROUND.outageDelayMs));
  });

  it('in the background, gives up after outageAttempts, having waited about four to five minutes', async () => {
    const outages = Array.from({ length: 40 }, () => new Error('Connection terminated unexpectedly'));
    const { outcome, calls, delays } = await attempt(outages, IN_BACKGROUND);
    expect((outcome as DomainException).code).toBe('COMMON.UNAVAILABLE');
    expect(calls).toBe(IN_BACKGROUND.outageAttempts);
    delays.forEach((d, i) => within(d, i, IN_BACKGROUND.outageDelayMs));
    expect(Math.max(...delays)).toBeLessThanOrEqual(IN_BACKGROUND.outageDelayMs.max);
    const waited = delays.reduce((a, b) => a + b, 0);
    expect(waited).toBeGreaterThan(150_000);
    expect(waited).toBeLessThanOrEqual(301_500);
  });

  it('counts conflicts and outages apart: a deadlock during an outage does not spend its budget', async () => {
    const failures = [
      pgError('08006'),
      pgError('40P01'),
      pgError('08006'),
      pgError('40P01'),
      pgError('08006'),
    ];
    const { outcome, calls, retried } = await attempt(failures, IN_BACKGROUND);
    expect(outcome).toBe('done');
    expect(calls).toBe(6);
    expect(retried).toEqual(['outage', 'conflict', 'outage', 'conflict', 'outage']);
  });

  it('rethrows a permanent failure as it is, after one attempt', async () => {
    const bug = new TypeError('bug');
    const refusal = new DomainException('ADMIN.JOB_IN_PROGRESS', 'busy');
    for (const error of [bug, refusal, wrapped('23505')]) {
      const { outcome, calls, delays } = await attempt([error], IN_BACKGROUND);
      expect(outcome).toBe(error);
      expect(calls).toBe(1);
      expect(delays).toEqual([]);
    }
  });

  it('a permanent failure after retries is still rethrown as it is', async () => {
    const unique = wrapped('23505');
    const { outcome, calls } = await attempt([pgError('40001'), unique], ON_REQUEST);
    expect(outcome).toBe(unique);
    expect(calls).toBe(2);
  });
});

describe('backoffDelay', () => {
  afterEach(() => jest.restoreAllMocks());

  it('doubles from the initial delay up to the cap, jittered between half and all of it', () => {
    for (let attempt = 0; attempt < 40; attempt++) {
      for (const r of [0, 0.5, 0.999999]) {
        jest.spyOn(Math, 'random').mockReturnValue(r);
        within(backoffDelay(attempt, 250, 30_000), attempt, { initial: 250, max: 30_000 });
      }
    }
  });

  it('spreads instances that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(6, 500, 30_000)));
    expect(delays.size).toBeGreaterThan(10);
  });
});

describe('sleep', () => {
  it('resolves at once when its signal aborts, so shutdown never waits out a backoff', async () => {
    const stop = new AbortController();
    const began = Date.now();
    const waiting = sleep(60_000, stop.signal);
    stop.abort();
    await waiting;
    expect(Date.now() - began).toBeLessThan(1000);
  });
});
