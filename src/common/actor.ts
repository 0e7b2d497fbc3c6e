import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** Who performs a mutation, as the audit log records it. */
export interface Actor {
  id: string;
  role: string;
}

/**
 * Until authentication lands every caller is this steward. The auth guard will set
 * `request.principal` and replace this fallback (and refuse unauthenticated calls instead).
 */
export const ANONYMOUS_STEWARD: Actor = Object.freeze({ id: 'anonymous', role: 'steward' });

/** The request's actor: `request.principal` when a guard set one, else the anonymous steward. */
export function actorOf(request: { principal?: Partial<Actor> }): Actor {
  const principal = request.principal;
  if (typeof principal?.id === 'string' && typeof principal.role === 'string') {
    return { id: principal.id, role: principal.role };
  }
  return ANONYMOUS_STEWARD;
}

/** `@CurrentActor() actor: Actor` in a handler: the actor of the request (actorOf). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor =>
  actorOf(ctx.switchToHttp().getRequest<{ principal?: Partial<Actor> }>()),
);
