import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppConfig } from '../../config/app-config';
import { BodySpec, hasBody, readBody } from './body-reader';

const BODY_KEY = 'joinery:body';

/** Bodies of routes that do not say otherwise (steward decisions, key creation): small. */
export const SMALL_BODY_BYTES = 64 * 1024;

/** A route's body: its limit in bytes, or `events` for MAX_EVENTS_BODY_BYTES; YAML text or JSON only. */
export type RouteBody = Omit<BodySpec, 'limit'> & { limit: number | 'events' };

/** The body a route accepts. A route without it takes a small JSON body (SMALL_BODY_BYTES). */
export const AcceptsBody = (spec: RouteBody) => SetMetadata(BODY_KEY, spec);

/**
 * Reads the request body after the other guards, so the caller's key and role are known before a
 * byte of the body is read or parsed: registered last among the global guards (AuthModule), and Nest
 * runs guards in order, then pipes, so `@Body()` sees the parsed body as if a body parser had run.
 * GET and HEAD bodies are never read. A guard rather than an interceptor: with no global
 * interceptor, Nest calls a handler without wrapping every request in rxjs.
 */
@Injectable()
export class BodyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (req.method === 'GET' || req.method === 'HEAD' || !hasBody(req)) return true;
    const route = this.reflector.get<RouteBody | undefined>(BODY_KEY, context.getHandler());
    const limit = route?.limit ?? SMALL_BODY_BYTES;
    req.body = await readBody(req, {
      ...route,
      limit: limit === 'events' ? this.config.MAX_EVENTS_BODY_BYTES : limit,
    });
    return true;
  }
}
