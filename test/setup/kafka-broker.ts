import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A real Kafka broker for the integration tests, found or started once by Jest's global setup.
 *
 * - KAFKA_BROKERS set (e.g. `127.0.0.1:19092`, or a docker-compose broker): probed and used as is, never
 *   started or stopped here.
 * - Otherwise scripts/kafka/start-kafka.sh starts the single-node KRaft broker from Maven Central jars on
 *   127.0.0.1:${KAFKA_PORT:-19092}, or reuses the one it started earlier (the script is idempotent).
 * - No broker: in CI (CI=true) the run fails, because Kafka tests must run there; elsewhere the Kafka test
 *   files are reported as skipped with the reason (missing Java, port taken, ...).
 *
 * After the run the broker is stopped only if this run started it. Set JOINERY_KEEP_KAFKA=1 to keep it
 * (the next run reuses it, ~0.3 s instead of ~2 s to start); stop it with `npm run kafka:stop`.
 * Script output goes to a per-run log file under os.tmpdir(), not to the test output; it is kept (and its
 * tail printed) only when something fails.
 */
export interface KafkaAvailability {
  brokers: string[] | null;
  reason?: string;
  startedHere: boolean;
}

const KAFKA_SCRIPTS = path.resolve(__dirname, '../../scripts/kafka');
// Covers a cold start: Maven fetch (~5 s here, longer on a slow mirror) plus the script's own 90 s budget.
const START_TIMEOUT_MS = 5 * 60_000;
const STOP_TIMEOUT_MS = 60_000;
// Another Jest run may share the broker (two terminals, colleagues on one machine): the scripts keep a
// lease per run and a teardown stops the broker only when no other live run holds one (common.sh).
const LEASE = { KAFKA_LEASE_PID: String(process.pid) };

export async function ensureKafka(): Promise<KafkaAvailability> {
  const given = process.env.KAFKA_BROKERS?.trim();
  if (given) {
    const brokers = given.split(',').map((b) => b.trim());
    const probe = await run(
      process.execPath,
      [path.join(KAFKA_SCRIPTS, 'kafka-wait.cjs'), brokers.join(',')],
      'probe',
      {
        KAFKA_WAIT_TIMEOUT_MS: process.env.KAFKA_WAIT_TIMEOUT_MS ?? '15000',
      },
    );
    if (probe.ok) return { brokers, startedHere: false };
    return unavailable(`KAFKA_BROKERS=${given} did not answer a Metadata request`, probe);
  }

  const started = Date.now();
  const start = await run(
    'bash',
    [path.join(KAFKA_SCRIPTS, 'start-kafka.sh')],
    'start',
    LEASE,
    START_TIMEOUT_MS,
  );
  const status = /^kafka-status: (started|already-running) (\S+)$/m.exec(start.output);
  if (!start.ok || !status) return unavailable('scripts/kafka/start-kafka.sh failed', start);
  const startedHere = status[1] === 'started';
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(
    `[kafka] ${startedHere ? `started ${status[2]} in ${seconds} s` : `reusing ${status[2]}`}\n`,
  );
  return { brokers: [status[2]], startedHere };
}

export async function stopKafkaIfStartedHere(a: KafkaAvailability): Promise<void> {
  if (!a.startedHere) return;
  if (isSet(process.env.JOINERY_KEEP_KAFKA)) {
    process.stderr.write(
      `[kafka] JOINERY_KEEP_KAFKA is set: leaving ${a.brokers?.join(',')} running (npm run kafka:stop)\n`,
    );
    return;
  }
  const stop = await run('bash', [path.join(KAFKA_SCRIPTS, 'stop-kafka.sh')], 'stop', LEASE, STOP_TIMEOUT_MS);
  // A broker that would not stop is worth a warning, not a failed test run.
  if (!stop.ok)
    process.stderr.write(`[kafka] stop-kafka.sh failed (log: ${stop.logFile}):\n${tail(stop.output)}\n`);
  else if (/leaving Kafka pid/.test(stop.output))
    process.stderr.write(`[kafka] ${tail(stop.output, 1).replace(/^\[kafka:stop\] /, '')}\n`);
}

interface RunResult {
  ok: boolean;
  output: string;
  logFile: string;
  detail: string;
}

/**
 * Runs a command with stdout+stderr going to a log file (not the test output) and returns that output.
 * The log is per run (concurrent runs must not share it) and deleted on success; on failure it stays.
 */
async function run(
  command: string,
  args: string[],
  step: 'probe' | 'start' | 'stop',
  env: NodeJS.ProcessEnv,
  timeoutMs = START_TIMEOUT_MS,
): Promise<RunResult> {
  const logFile = path.join(os.tmpdir(), `joinery-kafka-${step}-${process.pid}.log`);
  const fd = openSync(logFile, 'w');
  const detail = await new Promise<string>((resolve) => {
    // Own process group, so a timeout can stop the script together with its mvn/java children. The broker
    // itself runs in its own session (setsid in the script) and is not affected.
    const child = spawn(command, args, {
      stdio: ['ignore', fd, fd],
      env: { ...process.env, ...env },
      detached: true,
    });
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      resolve(`timed out after ${timeoutMs / 1000} s`);
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve(`could not run ${command}: ${e.message}`);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code === 0 ? '' : `exit ${code ?? signal}`);
    });
  });
  closeSync(fd);
  const output = readFileSync(logFile, 'utf8');
  if (detail === '') rmSync(logFile, { force: true });
  return { ok: detail === '', output, logFile, detail };
}

function unavailable(what: string, result: RunResult): KafkaAvailability {
  // The script's own diagnosis (missing java, port taken, ...) or the probe's last error, when there is one.
  const cause = result.output
    .split('\n')
    .reverse()
    .find((line) => /ERROR: |not ready after /.test(line))
    ?.replace(/^.*ERROR: /, '');
  const reason = `${what}: ${cause || result.detail || 'no kafka-status line'} (log: ${result.logFile})`;
  const message = `${reason}\n--- last lines of ${result.logFile} ---\n${tail(result.output)}`;
  if (isSet(process.env.CI)) {
    throw new Error(`Kafka is required in CI (CI=${process.env.CI}) but no broker is available: ${message}`);
  }
  process.stderr.write(`[kafka] no broker, Kafka tests will be skipped: ${message}\n`);
  return { brokers: null, reason, startedHere: false };
}

function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false'].includes(value.trim().toLowerCase());
}
