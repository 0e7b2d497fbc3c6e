import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { DomainException } from './errors/domain.exception';

/** Who performs a mutation or a read of personal data, as the audit log records it. */
export interface Actor {
  id: string;
  role: string;
}

/**
 * The request's actor: the principal the auth guard set after checking the key. There is no
 * fallback: a handler that asks for an actor on a request without one (a route made @Public, or a
 * guard that did not run) is refused, never served as somebody.
 */
export function actorOf(request: { principal?: Partial<Actor> }): Actor {
  const principal = request.principal;
  if (typeof principal?.id === 'string' && typeof principal.role === 'string') {
    return { id: principal.id, role: principal.role };
  }
  throw new DomainException('AUTH.UNAUTHENTICATED', 'this request has no authenticated principal');
}

/** `@CurrentActor() actor: Actor` in a handler: the actor of the request (actorOf). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor =>
  actorOf(ctx.switchToHttp().getRequest<{ principal?: Partial<Actor> }>()),
);
