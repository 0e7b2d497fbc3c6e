/**
 * Whether a database failure is worth retrying unchanged: the database could not be reached or
 * dropped the connection, or PostgreSQL aborted the transaction because of a concurrent one. Anything
 * else (a constraint, a bad value, a bug) would fail the same way again.
 */
const TRANSIENT_SQLSTATE_CLASSES = ['08', '53', '57P']; // connection exception, insufficient resources, operator intervention
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '55P03', '57014']); // serialization, deadlock, lock not available, query cancelled (timeout)
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /not queryable/i,
  /connection (is )?closed/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection/i,
  /Query read timeout/i,
];

export function isTransientDatabaseError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
  const code = e.code;
  if (typeof code === 'string') {
    if (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_NODE_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && TRANSIENT_SQLSTATE_CLASSES.some((c) => code.startsWith(c))) return true;
  }
  if (typeof e.message === 'string' && TRANSIENT_MESSAGES.some((re) => re.test(e.message as string)))
    return true;
  // TypeORM wraps the driver's error (QueryFailedError.driverError); Node wraps with `cause`.
  return isTransientDatabaseError(e.driverError, depth + 1) || isTransientDatabaseError(e.cause, depth + 1);
}

/** Aborted only because of a concurrent transaction: retrying at once is the right answer. */
export function isConcurrencyConflict(error: unknown): boolean {
  const code =
    (error as { code?: unknown; driverError?: { code?: unknown } } | null)?.code ??
    (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  return code === '40001' || code === '40P01';
}
