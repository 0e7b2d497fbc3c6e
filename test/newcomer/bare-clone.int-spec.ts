import { existsSync, rmSync } from 'node:fs';
import { BareClone, bareClone, modeOf, npmStart, StartedService } from '../support/bare-clone';

const isRoot = process.getuid?.() === 0;
if (!isRoot) process.stderr.write('Skipping "npm start as root in a private folder": not running as root\n');
const describeAsRoot = isRoot ? describe : describe.skip;

/**
 * The newcomer's first command, where root puts a clone: a folder only root can enter. PostgreSQL runs
 * as the `postgres` OS user, which cannot reach the binaries under node_modules nor ./.joinery/pg
 * there; Joinery must place them where it can, and reach /health/ready with nothing configured.
 */
describeAsRoot('npm start as root in a private folder', () => {
  let clone: BareClone;
  let service: StartedService | undefined;
  let dataDir: string | undefined;

  beforeAll(() => {
    clone = bareClone();
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    clone?.remove();
    // The data folder the service moved out of the clone (under /var/lib/joinery).
    if (dataDir && !dataDir.startsWith(clone.dir)) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('reaches /health/ready with the embedded PostgreSQL', async () => {
    expect(modeOf(`${clone.dir}/..`)).toBe(0o700);
    service = await npmStart(clone.dir);
    dataDir = /data in (\S+)\)/.exec(service.output())?.[1];
    expect(dataDir).toBeDefined();
    expect(existsSync(`${dataDir}/PG_VERSION`)).toBe(true);
    // The log says where the data went and why.
    expect(service.output()).toContain('cannot reach');
    const res = await fetch(`http://127.0.0.1:${service.port}/health/ready`);
    expect(res.status).toBe(200);
  }, 180_000);
});
