import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { BareClone, bareClone, modeOf, npmStart, StartedService, stopGroup } from '../support/bare-clone';
import { freePort } from '../support/service-process';

/** The bash blocks between the README's tour markers, as written. */
export function tourBlocks(readme: string): string[] {
  const start = readme.indexOf('<!-- tour:');
  const end = readme.indexOf('<!-- tour end -->');
  if (start < 0 || end < start)
    throw new Error('README.md has no "<!-- tour: ... -->" ... "<!-- tour end -->" section');
  return [...readme.slice(start, end).matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
}

const SEPARATOR = '@@tour-block-done@@';
const isRoot = process.getuid?.() === 0;

/**
 * A newcomer's first five minutes, on a bare clone in a private folder (mode 0700, as `mktemp -d`
 * gives): the README's tour runs as written, `npm start` and its embedded PostgreSQL included. The only
 * change is the port (localhost:3000 becomes a free one: the machine is shared).
 */
describe('a bare clone in a private folder', () => {
  let clone: BareClone;
  let port: number;
  let pgPort: number;
  let tour: { outputs: string[]; stop: () => Promise<void> } | undefined;
  let root: StartedService | undefined;
  const dataDirs = new Set<string>();

  beforeAll(async () => {
    clone = bareClone();
    port = await freePort();
    pgPort = await freePort();
  }, 120_000);
  afterAll(async () => {
    await tour?.stop();
    await root?.stop();
    clone?.remove();
    // As root the data lives outside the clone (/var/lib/joinery/...): it goes with the clone.
    for (const dir of dataDirs) if (!dir.startsWith(clone.dir)) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const api = async <T>(route: string): Promise<T> => {
    const res = await fetch(`http://127.0.0.1:${port}${route}`, {
      headers: { authorization: 'Bearer tour-secret-change-me-0123' },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  it('runs the README tour as written', async () => {
    expect(modeOf(path.dirname(clone.dir))).toBe(0o700);
    const blocks = tourBlocks(readFileSync(path.join(clone.dir, 'README.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    const script = blocks
      .map((b) => b.replaceAll('localhost:3000', `localhost:${port}`))
      .join(`echo '${SEPARATOR}'\n`);
    const child = spawn('bash', ['-e', '-c', `${script}echo '${SEPARATOR}'\n`], {
      cwd: clone.dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/root',
        PORT: String(port),
        EMBEDDED_PG_PORT: String(pgPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // the tour's `npm start &` stays in this process group: one kill ends it all
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const stop = (): Promise<void> => stopGroup(child.pid!);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    tour = { outputs: stdout.split(SEPARATOR), stop };
    const log = (): string =>
      `${stdout}\n${stderr}\n${readFileSync(path.join(clone.dir, 'joinery.log'), 'utf8')}`;
    if (code !== 0) throw new Error(`the tour exited with ${code}:\n${log()}`);
    const dataDir = /data in ([^\s)]+)\)/.exec(log())?.[1];
    if (dataDir) dataDirs.add(dataDir);

    const [started, two, read, third, demo] = tour.outputs;
    expect(started).toContain('"status":"ok"');
    const ingested = JSON.parse(two) as { results: Array<{ status: string; goldenId: string }> };
    expect(ingested.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const golden = ingested.results[0].goldenId;
    expect(ingested.results[1].goldenId).toBe(golden);
    expect(read).toContain(`"goldenId":"${golden}"`);
    expect(read).toContain('"sourceId":"ACC-9001"');
    expect(third).toContain('"sourceId":"u-77"');
    expect(demo).toMatch(/customer: \d+ events/);
    expect(demo).toContain('console: HTTP 200');

    // The outcome, through the API: one golden entity for Ada, u-77 apart and in the review queue.
    const xref = await api<{ goldenId: string; members: unknown[] }>('/v1/xref/customer/billing/ACC-9001');
    expect(xref).toMatchObject({ goldenId: golden, members: expect.any(Array) });
    expect(xref.members).toHaveLength(2);
    const u77 = await api<{ goldenId: string }>('/v1/xref/customer/support/u-77');
    expect(u77.goldenId).not.toBe(golden);
    const queue = await api<{ items: Array<{ a: { sourceId: string }; b: { sourceId: string } }> }>(
      '/v1/review?entityType=customer&status=open&limit=200',
    );
    const withU77 = queue.items.filter((i) => i.a.sourceId === 'u-77' || i.b.sourceId === 'u-77');
    expect(withU77.length).toBe(2);
  }, 240_000);

  (isRoot ? it : it.skip)(
    'as root: npm start reaches /health/ready, binaries and data placed where the postgres user can reach them',
    async () => {
      await tour?.stop();
      root = await npmStart(clone.dir);
      const log = root.output();
      const dataDir = /data in ([^\s)]+)\)/.exec(log)?.[1];
      expect(dataDir).toMatch(/^\/var\/lib\/joinery\/pg-/);
      dataDirs.add(dataDir!);
      expect(log).toContain(`cannot reach ${clone.dir}/.joinery/pg`);
      expect((await fetch(`http://127.0.0.1:${root.port}/health/ready`)).status).toBe(200);
    },
    180_000,
  );
  if (!isRoot)
    process.stderr.write('Skipping "as root: npm start reaches /health/ready": not running as root\n');
});
