import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { pollUntil } from './poll';

/**
 * The real service in a child process, for tests that kill it (SIGKILL) and start it again. It runs
 * the build the global setup compiled into JOINERY_TEST_BUILD_DIR from the current sources, so a
 * stale `dist/` can never be what is tested.
 */
export interface ServiceProcess {
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything the process printed, for failure messages. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

const REPO = path.resolve(__dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function startService(
  env: Record<string, string>,
  readyTimeoutMs = 60_000,
): Promise<ServiceProcess> {
  const build = process.env.JOINERY_TEST_BUILD_DIR;
  if (!build)
    throw new Error('JOINERY_TEST_BUILD_DIR is unset: run through Jest (global setup builds the service)');
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(build, 'src/main.js')], {
    cwd: REPO,
    // Automatic corpus-statistics refresh off, as in the test setup (global-setup.ts), unless `env` sets it.
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'warn',
      CORPUS_STATS_GROWTH_FACTOR: '0',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const service: ServiceProcess = {
    port,
    child,
    output: () => log,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  await untilReady(service, readyTimeoutMs);
  return service;
}

/**
 * Polls GET /health/ready until 200; throws with everything the process printed if it exits first or
 * is not ready in time (killing it then).
 */
export async function untilReady(
  service: { port: number; child: ChildProcess; output(): string; kill(): Promise<unknown> },
  timeoutMs: number,
): Promise<void> {
  const status = await pollUntil(
    `GET /health/ready = 200 on port ${service.port}`,
    async () =>
      service.child.exitCode !== null
        ? `exited with ${service.child.exitCode}`
        : (await fetch(`http://127.0.0.1:${service.port}/health/ready`)).status,
    (s) => s === 200 || typeof s === 'string',
    timeoutMs,
  ).catch(async (e: Error) => {
    await service.kill();
    throw new Error(`${e.message}\n${service.output()}`);
  });
  if (status !== 200) throw new Error(`service ${status}:\n${service.output()}`);
}
