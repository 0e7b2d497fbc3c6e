import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A failure to start the embedded PostgreSQL (here: its port is taken) ends the service with one
 * message that says what to do, exit code 1: no unhandled error event, no stack trace.
 */
describe('embedded PostgreSQL that cannot start', () => {
  let blocker: Server;
  let port: number;
  const parent = mkdtempSync(path.join(os.tmpdir(), 'joinery-pg-fail-'));
  // Reachable by the postgres OS user (as root), so the data stays here and goes with the folder.
  chmodSync(parent, 0o755);

  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(() => {
    blocker.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it('says to set DATABASE_URL or EMBEDDED_PG_DIR, and exits 1', async () => {
    const main = path.join(process.env.JOINERY_TEST_BUILD_DIR!, 'src/main.js');
    const child = spawn(process.execPath, [main], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        EMBEDDED_PG_DIR: path.join(parent, 'pg'),
        EMBEDDED_PG_PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('The embedded PostgreSQL could not start');
    expect(stderr).toContain(`port ${port}`);
    expect(stderr).toMatch(/Set DATABASE_URL .* or set EMBEDDED_PG_DIR/);
    expect(stderr).not.toMatch(/Unhandled|^\s+at /m);
  }, 120_000);
});
