import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException } from '../../platform/common/errors/domain.exception';
import type { Principal } from '../../platform/common/http/roles';
import { AppConfig } from '../../platform/config/app-config';
import { MinuteWindows } from './minute-windows';

/** The message of a refusal, as @nestjs/throttler (which this guard replaced) worded it. */
const RATE_LIMITED = 'ThrottlerException: Too Many Requests';

/**
 * RATE_LIMIT_PER_MINUTE per API key across all routes (after AuthGuard identified it), or per
 * client address on open routes, counted in one-minute windows (MinuteWindows). Every answer says
 * where the caller stands (`X-RateLimit-Limit`, `-Remaining`, `-Reset` in seconds); a refusal is
 * 429 COMMON.RATE_LIMITED with `Retry-After` in seconds. In-process and O(1) per request: this
 * guard runs on every route, so it does no hashing and keeps no per-hit state.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly windows: MinuteWindows;

  constructor(config: AppConfig) {
    this.windows = new MinuteWindows(config.RATE_LIMIT_PER_MINUTE);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { principal?: Principal }>();
    const res = http.getResponse<Response>();
    const tracker = req.principal ? `key:${req.principal.id}` : `ip:${String(req.ip)}`;
    const now = Date.now();
    if (this.windows.exhausted(tracker, now)) {
      res.setHeader('Retry-After', Math.ceil(this.windows.resetsIn(tracker, now) / 1000));
      throw new DomainException('COMMON.RATE_LIMITED', RATE_LIMITED);
    }
    const count = this.windows.record(tracker, now);
    res.setHeader('X-RateLimit-Limit', this.windows.limit);
    res.setHeader('X-RateLimit-Remaining', this.windows.limit - count);
    res.setHeader('X-RateLimit-Reset', Math.ceil(this.windows.resetsIn(tracker, now) / 1000));
    return true;
  }
}
