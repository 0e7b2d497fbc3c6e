// Builds the steward console (console/src) into dist/console with esbuild: one minified ES module
// and one stylesheet next to index.html, no CDN and no external fonts. Part of `npm run build`.
//
//   node console/build.mjs [--outdir <dir>] [--dev]
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const at = args.indexOf('--outdir');
const outdir = path.resolve(at >= 0 ? args[at + 1] : path.join(here, '..', 'dist', 'console'));
const dev = args.includes('--dev');

const started = Date.now();
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const result = await build({
  entryPoints: { app: path.join(here, 'src', 'main.tsx') },
  outdir,
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
copyFileSync(path.join(here, 'index.html'), path.join(outdir, 'index.html'));
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(
  `console: built into ${path.relative(process.cwd(), outdir) || '.'} (${(bytes / 1024).toFixed(1)} KiB) in ${Date.now() - started} ms`,
);
