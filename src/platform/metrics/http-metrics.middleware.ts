import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics.registry';

/**
 * HTTP latency by route template (`/v1/golden/:goldenId`), never by raw URL: ids and search terms
 * in paths would make the label set unbounded (and put identifiers into the metrics). A request no
 * route matched is labelled `unmatched`.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(metrics: MetricsRegistry) {
    this.duration = new Histogram({
      name: 'joinery_http_request_duration_seconds',
      help: 'HTTP request latency by method, route template and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [metrics.registry],
    });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const began = process.hrtime.bigint();
    res.once('finish', () => {
      const route = routeTemplate(req);
      this.duration.observe(
        { method: req.method, route, status: String(res.statusCode) },
        Number(process.hrtime.bigint() - began) / 1e9,
      );
    });
    next();
  }
}

/** Express sets req.route to the matched route; its path is the template as the controller declared it. */
export function routeTemplate(req: Request): string {
  const route = (req as { route?: { path?: unknown } }).route;
  const path = route?.path;
  // Nest's not-found catch-all (`/{*path}`) is a route to Express, but no route of ours.
  if (typeof path !== 'string' || path.includes('{*')) return 'unmatched';
  return `${req.baseUrl ?? ''}${path}` || '/';
}
