/**
 * The one way the integration suite waits: poll for the outcome, never sleep for a guessed time.
 *
 * Deadlines are generous, because a deadline only costs time when a test fails, and CI machines are
 * shared (the suite must pass with another process keeping a core busy). JOINERY_TEST_TIME_FACTOR
 * multiplies every deadline for a machine slower still (default 1).
 */
export function patience(ms: number): number {
  const factor = Number(process.env.JOINERY_TEST_TIME_FACTOR ?? 1);
  if (!Number.isFinite(factor) || factor <= 0)
    throw new Error(
      `JOINERY_TEST_TIME_FACTOR must be a positive number, got ${process.env.JOINERY_TEST_TIME_FACTOR}`,
    );
  return Math.round(ms * factor);
}

/** The default deadline of pollUntil: a minute, before the time factor. */
export const DEFAULT_DEADLINE_MS = 60_000;

/**
 * Reads `read()` every `everyMs` until `ok(value)` holds, and returns that value. A read that throws
 * counts as "not yet" (what we wait on may be down for a while: a restart, a broker coming up). After
 * `timeoutMs` (scaled by patience) it throws, naming `what` with the last value or error seen.
 */
export async function pollUntil<T>(
  what: string,
  read: () => Promise<T> | T,
  ok: (value: T) => boolean,
  timeoutMs = DEFAULT_DEADLINE_MS,
  everyMs = 200,
): Promise<T> {
  const limit = patience(timeoutMs);
  const deadline = Date.now() + limit;
  let last: string = 'nothing yet';
  for (;;) {
    try {
      const value = await read();
      if (ok(value)) return value;
      last = JSON.stringify(value) ?? String(value);
    } catch (e) {
      last = `error: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${limit} ms waiting for ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
