import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from '../../platform/audit/audit.module';
import { BodyGuard } from '../../platform/common/http/body.guard';
import { ApiKeyController } from './api-key.controller';
import { ApiKeyRepository } from './api-key.repository';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { PiiReadPolicy } from './pii-read.policy';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * API keys and roles for every HTTP route, then a per-key rate limit, then the body (guards run in
 * this order), and
 * the PII policy the read routes apply per role.
 */
@Global()
@Module({
  imports: [AuditModule],
  controllers: [ApiKeyController],
  providers: [
    AuthService,
    PiiReadPolicy,
    ApiKeyRepository,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
    // Last: no body is read before its caller is known and within its rate.
    { provide: APP_GUARD, useClass: BodyGuard },
  ],
  exports: [PiiReadPolicy],
})
export class AuthModule {}
