import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { tooManyKeys } from './xref.service';
import { MAX_RESOLVE_KEYS } from './xref-request.dto';

/**
 * Refuses a resolve request with too many keys (413) before the validation pipe walks every one
 * of them: interceptors run before pipes, and a 413 says "split the batch", not "fix a field".
 */
@Injectable()
export class KeyCountInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const body = context.switchToHttp().getRequest<Request>().body as { keys?: unknown } | undefined;
    if (Array.isArray(body?.keys) && body.keys.length > MAX_RESOLVE_KEYS) throw tooManyKeys(body.keys.length);
    return next.handle();
  }
}
