import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pollUntil } from './poll';
import { freePort, untilReady } from './service-process';

const REPO = path.resolve(__dirname, '../..');

/**
 * The project as a newcomer has it after `git clone` and `npm ci`, in a folder only its owner can
 * enter (mode 0700, as `mktemp -d` or root's home folder gives). The repository's files (tracked and
 * new, not ignored) are copied; node_modules is hard-linked (seconds, not the minutes of `npm ci`), and
 * `npm run build` builds it as `npm ci` would.
 */
export interface BareClone {
  dir: string;
  remove(): void;
}

export function bareClone(): BareClone {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'joinery-clone-'));
  const dir = path.join(parent, 'joinery');
  mkdirSync(dir);
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\0')
    .filter((f) => f !== '');
  execFileSync('cp', ['--parents', '-t', dir, '--', ...files], {
    cwd: REPO,
    stdio: 'pipe',
    maxBuffer: 64 * 1024 * 1024,
  });
  execFileSync('cp', ['-al', path.join(REPO, 'node_modules'), dir]);
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: dir, stdio: 'pipe' });
  return { dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

/**
 * Sends SIGTERM to the process group led by `pid` (a child spawned with `detached: true`) and waits
 * until no process of the group is left: npm, node and the embedded PostgreSQL all stop.
 */
export async function stopGroup(pid: number): Promise<void> {
  const signal = (sig: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(-pid, sig);
      return true;
    } catch {
      return false; // no process left in the group
    }
  };
  signal('SIGTERM');
  await pollUntil(
    `process group ${pid} to exit`,
    () => signal(0),
    (alive) => !alive,
  );
}

export function modeOf(dir: string): number {
  return statSync(dir).mode & 0o777;
}

/** `npm start` in `dir`, with nothing configured but ports (and `env`); resolves once /health/ready is 200. */
export interface StartedService {
  port: number;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export async function npmStart(dir: string, env: Record<string, string> = {}): Promise<StartedService> {
  const port = await freePort();
  const pgPort = await freePort();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      ...env,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: stop() reaches npm, node and the embedded server
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const service: StartedService = { port, child, output: () => log, stop: () => stopGroup(child.pid!) };
  await untilReady({ ...service, kill: service.stop }, 120_000);
  return service;
}
