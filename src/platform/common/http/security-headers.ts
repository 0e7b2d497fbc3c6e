import type { NextFunction, Request, Response } from 'express';

/**
 * Headers on every response: no MIME sniffing, and no caching of API answers, which may carry
 * personal data (a shared proxy or a browser cache must not keep a steward's clear values).
 * `X-Powered-By` is disabled on the Express instance (bootstrap.ts).
 */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (!req.path.startsWith('/console')) res.setHeader('Cache-Control', 'no-store');
  next();
}
