import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Tests, benchmarks and scripts read and write inside the repository only: a bare clone must carry
 * everything its checks need (data sets live in bench/datasets, not in a sibling ../shared). This
 * check reads their sources and resolves every path they build from a literal:
 *
 * - `path.join|resolve(__dirname, 'a', 'b')`: from the file's folder (for bench/, from dist/bench/...,
 *   where the compiled benchmark runs);
 * - `path.join|resolve(REPO|ROOT|repo, 'a')`: from the repository's root;
 * - any other string literal that starts with `../`: from the root (the working folder of npm
 *   scripts and Jest);
 * - absolute paths into someone's tree (`/work/`, `/home/`, `/root/`) and `../shared` anywhere.
 *
 * Temporary folders (os.tmpdir()) and system paths (/proc, /usr/bin/chromium) are not literals of
 * these kinds and stay allowed.
 */
const REPO = path.resolve(__dirname, '..');
const SCANNED = ['test', 'bench', 'scripts', '.ci'];
const EXTENSIONS = /\.(ts|js|cjs|mjs|sh)$|^run$/;

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['node_modules', 'target', 'datasets'].includes(entry.name)) yield* sourceFiles(full);
    } else if (EXTENSIONS.test(entry.name)) yield full;
  }
}

const literals = (args: string): string[] | null => {
  const parts = args.split(',').map((a) => a.trim());
  return parts.every((p) => /^'[^']*'$/.test(p)) ? parts.map((p) => p.slice(1, -1)) : null;
};

/** The paths in `text` (the file at `file`, relative to the root) that resolve outside the root. */
export function escapes(file: string, text: string, root = REPO): string[] {
  const inside = (p: string): boolean => p === root || p.startsWith(root + path.sep);
  const found: string[] = [];
  const dir = file.startsWith('bench/')
    ? path.join(root, 'dist', path.dirname(file))
    : path.join(root, path.dirname(file));
  const flag = (what: string, resolved: string): void => {
    if (!inside(resolved)) found.push(`${file}: ${what} -> ${resolved}`);
  };
  for (const m of text.matchAll(/(?:join|resolve)\(\s*__dirname\s*,\s*([^()]*?)\s*\)/g)) {
    const parts = literals(m[1]);
    if (parts) flag(m[0], path.resolve(dir, ...parts));
  }
  for (const m of text.matchAll(/(?:join|resolve)\(\s*(?:REPO|ROOT|repo|root)\s*,\s*([^()]*?)\s*\)/g)) {
    const parts = literals(m[1]);
    if (parts) flag(m[0], path.resolve(root, ...parts));
  }
  for (const line of text.split('\n')) {
    if (/^\s*(#|\/\/|\*|\/\*)/.test(line)) continue; // comments name places, they do not use them
    for (const m of line.matchAll(/(\/(?:work|home|root)\/[^\s'"`]*|[^\s'"`]*\.\.\/shared\b[^\s'"`]*)/g))
      found.push(`${file}: ${m[1]} (outside the repository)`);
    if (
      /^\s*(import|export)\b|\bfrom\s+'|require\(|import\(|__dirname|\b(REPO|ROOT|repo|root)\s*,/.test(line)
    )
      continue;
    for (const m of line.matchAll(/['"`](\.\.\/[^'"`$]*)['"`]/g)) flag(m[1], path.resolve(root, m[1]));
  }
  return found;
}

describe('paths of tests, benchmarks and scripts', () => {
  it('stay inside the repository', () => {
    const found = SCANNED.flatMap((top) => {
      try {
        return [...sourceFiles(path.join(REPO, top))];
      } catch {
        return [];
      }
    })
      .filter((f) => f !== __filename)
      .flatMap((f) => escapes(path.relative(REPO, f), readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('catches each kind of escape', () => {
    const root = '/r/repo';
    expect(
      escapes('test/a/x.ts', `path.resolve(__dirname, '../../..', 'shared/data.csv')`, root),
    ).toHaveLength(1);
    expect(escapes('test/a/x.ts', `path.resolve(__dirname, '../../../elsewhere/data.csv')`, root)).toEqual([
      `test/a/x.ts: resolve(__dirname, '../../../elsewhere/data.csv') -> /r/elsewhere/data.csv`,
    ]);
    expect(escapes('test/a/x.ts', `path.join(REPO, '..', 'data')`, root)).toHaveLength(1);
    expect(escapes('test/a/x.ts', `const f = process.env.F ?? '../data/x.csv';`, root)).toHaveLength(1);
    expect(escapes('test/a/x.ts', `const f = '/work/shared/x.csv';`, root)).toHaveLength(1);
    expect(escapes('.ci/run', `cp -r ../shared/datasets bench/`, root)).toHaveLength(1);
    // Inside: fine.
    expect(escapes('test/a/x.ts', `path.resolve(__dirname, '../../bench/datasets/x.csv')`, root)).toEqual([]);
    expect(escapes('bench/x.ts', `resolve(__dirname, '../..', 'bench/matchers')`, root)).toEqual([]);
    expect(escapes('test/a/x.ts', `import { y } from '../../../z';`, root)).toEqual([]);
  });
});
