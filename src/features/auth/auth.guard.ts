import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainException } from '../../platform/common/errors/domain.exception';
import { AppConfig } from '../../platform/config/app-config';
import { AuthService } from './auth.service';
import { MinuteWindows } from './minute-windows';
import { GRANTS, Principal, PUBLIC_KEY, Role, ROLE_KEY } from '../../platform/common/http/roles';

/**
 * The one gate of the HTTP API, registered globally. Every route declares the role it requires
 * (@RequireRole) or is @Public; a route that declares neither is refused, so forgetting to protect
 * a new route fails closed (and the route-walk test names it).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');
  /** Failed authentications per client address. */
  private readonly failures: MinuteWindows;

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {
    this.failures = new MinuteWindows(config.AUTH_FAILURES_PER_MINUTE);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const open = this.reflector.getAllAndOverride<true | 'health' | 'metrics' | undefined>(
      PUBLIC_KEY,
      targets,
    );
    if (
      open === true ||
      (open === 'health' && this.config.AUTH_OPEN_HEALTH) ||
      (open === 'metrics' && this.config.AUTH_OPEN_METRICS)
    ) {
      return true;
    }
    // A closed health or metrics endpoint still needs only a valid key of any reading role.
    const role: Role | undefined = open
      ? 'reader'
      : this.reflector.getAllAndOverride<Role | undefined>(ROLE_KEY, targets);
    if (!role) {
      this.logger.error(`route ${request.method} ${request.path} declares no role: refused`);
      throw new DomainException('AUTH.FORBIDDEN', 'this route declares no role and is closed');
    }
    const address = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    if (this.failures.exhausted(address)) {
      throw new DomainException(
        'COMMON.RATE_LIMITED',
        `too many failed authentications from this address: at most ${this.config.AUTH_FAILURES_PER_MINUTE} a minute`,
      );
    }
    const principal = await this.auth.authenticate(request.headers.authorization).catch((e: unknown) => {
      if (e instanceof DomainException && e.code === 'AUTH.UNAUTHENTICATED') this.failures.record(address);
      throw e;
    });
    if (!GRANTS[role].includes(principal.role)) {
      throw new DomainException(
        'AUTH.FORBIDDEN',
        `this route requires the ${role} role; the key has ${principal.role}`,
      );
    }
    request.principal = principal;
    return true;
  }
}
