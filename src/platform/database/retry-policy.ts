import { backoffDelay, sleep } from '../common/backoff';
import { DomainException } from '../common/errors/domain.exception';
import { isConcurrencyConflict, isTransientDatabaseError } from './transient-error';

/**
 * The one conflict error: work found, under its locks, that a concurrent transaction changed what it
 * had read (an eventId taken meanwhile, a constraint pair inserted meanwhile). Thrown inside the
 * transaction, it is retried like PostgreSQL's own serialization failures and deadlocks: the next
 * attempt reads the committed state and decides again.
 */
export class ConcurrencyConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConcurrencyConflict';
  }
}

/**
 * What a failed transaction is worth: `conflict`, it lost a race and succeeds when run again;
 * `outage`, the database could not be reached and may be back later; `permanent`, anything else
 * (a constraint, a bad value, a domain refusal, a bug), which would fail the same way again.
 */
export type FailureKind = 'conflict' | 'outage' | 'permanent';

export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof ConcurrencyConflict || isConcurrencyConflict(error)) return 'conflict';
  if (isTransientDatabaseError(error)) return 'outage';
  return 'permanent';
}

export interface RetryBudget {
  /** Attempts in all when concurrent transactions abort ours. */
  conflictAttempts: number;
  /** Attempts in all while the database is unreachable; 1 gives up at once (the caller waits). */
  outageAttempts: number;
  /** The backoff between outage attempts: the first delay and the largest. */
  outageDelayMs: { initial: number; max: number };
}

/**
 * Someone is waiting for the answer (an HTTP request, a Kafka batch that backs off by itself and
 * heartbeats meanwhile): a lost race is retried, an outage is COMMON.UNAVAILABLE at once.
 */
export const ON_REQUEST: RetryBudget = {
  conflictAttempts: 3,
  outageAttempts: 1,
  outageDelayMs: { initial: 500, max: 30_000 },
};

/** Background work that would rather wait than fail (a re-evaluation batch): ~4 to 5 minutes of outage. */
export const IN_BACKGROUND: RetryBudget = {
  conflictAttempts: 4,
  outageAttempts: 16,
  outageDelayMs: { initial: 500, max: 30_000 },
};

/** A conflict is retried almost at once (the winner has usually committed); the jitter parts two losers. */
export const CONFLICT_DELAY_MS = { initial: 10, max: 200 };

export interface RetryHooks {
  /** Waits between attempts (the specs record the delays instead). */
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (
    kind: Exclude<FailureKind, 'permanent'>,
    attempt: number,
    delayMs: number,
    error: unknown,
  ) => void;
}

/**
 * Runs `work` until it succeeds, fails permanently (its error is rethrown as is), or has used its
 * budget for the kind of failure it keeps meeting: then DomainException COMMON.UNAVAILABLE, which
 * the HTTP edge answers with 503 and the Kafka consumer retries later. Conflicts and outages are
 * counted apart, so a deadlock during a long outage does not eat the outage's budget.
 */
export async function runWithRetry<T>(
  work: () => Promise<T>,
  budget: RetryBudget,
  hooks: RetryHooks = {},
): Promise<T> {
  const used = { conflict: 0, outage: 0 };
  for (;;) {
    try {
      return await work();
    } catch (e) {
      const kind = classifyFailure(e);
      if (kind === 'permanent') throw e;
      const attempt = ++used[kind];
      const allowed = kind === 'conflict' ? budget.conflictAttempts : budget.outageAttempts;
      if (attempt >= allowed) throw unavailable(kind, e);
      const range = kind === 'conflict' ? CONFLICT_DELAY_MS : budget.outageDelayMs;
      const delay = backoffDelay(attempt - 1, range.initial, range.max);
      hooks.onRetry?.(kind, attempt, delay, e);
      await (hooks.sleep ?? sleep)(delay);
    }
  }
}

function unavailable(kind: 'conflict' | 'outage', e: unknown): DomainException {
  const message = e instanceof Error ? e.message : String(e);
  return new DomainException(
    'COMMON.UNAVAILABLE',
    kind === 'conflict'
      ? `concurrent changes to the same records kept aborting this one (${message}); retry`
      : `the database is unavailable: ${message}`,
  );
}
