import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The console's API types are generated from openapi.yaml (`npm run console:types`), never written
 * by hand: this fails when console/src/openapi.gen.ts is not what the generator makes of the current
 * spec, so a change to a response shape reaches the console's type check.
 */
const REPO = path.resolve(__dirname, '..');
const GENERATED = path.join(REPO, 'console/src/openapi.gen.ts');
const bin = (name: string) => path.join(REPO, 'node_modules/.bin', name);

describe('console/src/openapi.gen.ts', () => {
  it('is current with openapi.yaml (else run `npm run console:types`)', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'joinery-console-types-')), 'openapi.gen.ts');
    execFileSync(bin('openapi-typescript'), ['openapi.yaml', '--empty-objects-unknown', '-o', out], {
      cwd: REPO,
      stdio: 'ignore',
    });
    // Formatted as the committed file is, with the repository's Prettier config.
    const formatted = execFileSync(bin('prettier'), ['--stdin-filepath', GENERATED], {
      cwd: REPO,
      input: readFileSync(out),
      encoding: 'utf8',
    });
    expect(formatted === readFileSync(GENERATED, 'utf8')).toBe(true);
  }, 60_000);
});
