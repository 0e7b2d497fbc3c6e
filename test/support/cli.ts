import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * Runs `joinery <args>` from the build the global setup compiled, as an operator would, on
 * `databaseUrl` with `matchersDir`; throws with its output unless it exits 0.
 */
export async function runBuiltCli(
  databaseUrl: string,
  matchersDir: string,
  ...args: string[]
): Promise<{ stdout: string; code: number }> {
  const main = path.join(process.env.JOINERY_TEST_BUILD_DIR!, 'src/cli/main.js');
  try {
    const { stdout } = await exec(process.execPath, [main, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: databaseUrl,
        MATCHERS_DIR: matchersDir,
        INIT_CWD: os.tmpdir(),
      },
    });
    return { stdout, code: 0 };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number };
    throw new Error(`joinery ${args.join(' ')} exited ${err.code}: ${err.stderr ?? ''}${err.stdout ?? ''}`);
  }
}
