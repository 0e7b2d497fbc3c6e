import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Principal } from './roles';

/** Rate limits per API key (after AuthGuard identified it), or per address for open routes. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = req.principal as Principal | undefined;
    return principal ? `key:${principal.id}` : `ip:${String(req.ip)}`;
  }
}
