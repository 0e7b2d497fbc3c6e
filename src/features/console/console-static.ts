import { INestApplication, Logger } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The steward console (console/, built into dist/console by `npm run build`) is served as static
 * files under /console. It is open without a key: the page holds no data, and every data call it
 * makes goes to the API with the user's own key. These are plain Express handlers in front of Nest,
 * not Nest routes, so they are neither in openapi.yaml nor behind the role guard.
 */
export const CONSOLE_PATH = '/console';

/**
 * The page keeps an API key in sessionStorage, so it allows no script, style or connection from
 * anywhere but this origin, and no framing.
 */
const HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  // Small files: revalidated with their ETag on every load, so a new build shows at once.
  'Cache-Control': 'no-cache',
};

/**
 * `<package root>/dist/console`, found from this file whether it runs from the sources (tests) or
 * from dist/src (npm start, the Docker image).
 */
export function defaultConsoleDir(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'dist', 'console');
    if (path.dirname(dir) === dir) return path.resolve('dist', 'console');
  }
}

export function mountConsole(app: INestApplication, dir: string): void {
  const root = path.resolve(dir);
  const logger = new Logger('Console');
  if (!existsSync(path.join(root, 'index.html')))
    logger.warn(`the steward console is not built (${root} has no index.html): run npm run build`);
  const files = express.static(root, { index: 'index.html', redirect: false, dotfiles: 'ignore' });

  app.use(CONSOLE_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    for (const [name, value] of Object.entries(HEADERS)) res.setHeader(name, value);
    // `/console` → `/console/`, so that the page's relative asset URLs resolve under /console/.
    if (req.originalUrl.split('?')[0] === CONSOLE_PATH) return res.redirect(301, `${CONSOLE_PATH}/`);
    files(req, res, () => {
      const built = existsSync(path.join(root, 'index.html'));
      res.status(404).json({
        code: 'COMMON.NOT_FOUND',
        message: built
          ? `no console file ${req.path}`
          : 'the steward console is not built: run npm run build (or set CONSOLE_DIR)',
        details: {},
      });
    });
  });
}
